import FolioScenario

/// Where each pfn of a machine's regions sits in its `FrameArray`: the first position, first
/// pfn and end pfn of each region, in region order. Plain integers, kept apart from the
/// machine so that the engine finds a position (dozens of times per slot) without touching —
/// or copying — the machine around it.
struct FrameIndex: Sendable, Hashable {
  private let bases: [Int]
  private let starts: [PFN]
  private let ends: [PFN]

  init(regions: [MemoryRegion]) {
    var bases: [Int] = []
    var base = 0
    for region in regions {
      bases.append(base)
      base += region.range.count
    }
    self.bases = bases
    starts = regions.map(\.range.start)
    ends = regions.map(\.range.end)
  }

  /// The position of `pfn`, or nil if no region holds it (e.g. the zero page).
  func position(of pfn: PFN) -> Int? {
    for region in starts.indices where pfn >= starts[region] && pfn < ends[region] {
      return bases[region] + Int(pfn - starts[region])
    }
    return nil
  }

  /// The pfn at `position` (which must be inside a region).
  func pfn(at position: Int) -> PFN {
    var region = bases.count - 1
    while region > 0 && bases[region] > position { region -= 1 }
    return starts[region] + UInt64(position - bases[region])
  }
}
