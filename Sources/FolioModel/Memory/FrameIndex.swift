import FolioScenario

/// Where each pfn of a machine's regions sits in its `FrameArray`: the first position, first
/// pfn and end pfn of each region, in region order. Plain integers, kept apart from the
/// machine so that the engine finds a position (dozens of times per slot) without touching —
/// or copying — the machine around it.
struct FrameIndex: Sendable, Hashable {
  /// One region's pfns and where they start in the frames.
  private struct Bounds: Sendable, Hashable {
    var start: PFN
    var end: PFN
    var base: Int
  }

  private let regions: [Bounds]

  init(regions: [MemoryRegion]) {
    var bounds: [Bounds] = []
    var base = 0
    for region in regions {
      bounds.append(Bounds(start: region.range.start, end: region.range.end, base: base))
      base += region.range.count
    }
    self.regions = bounds
  }

  /// The position of `pfn`, or nil if no region holds it (e.g. the zero page).
  func position(of pfn: PFN) -> Int? {
    for region in regions where pfn >= region.start && pfn < region.end {
      return region.base + Int(pfn - region.start)
    }
    return nil
  }

  /// The pfn at `position` (which must be inside a region).
  func pfn(at position: Int) -> PFN {
    let region = regions.last { $0.base <= position } ?? regions[0]
    return region.start + UInt64(position - region.base)
  }
}
