import FolioModel

extension Scene {
  /// Where to look in `region` when the step names no pfn there: the first page the current
  /// call's arrays name, else the first page in use. Both searches are bounded, so a huge
  /// machine costs no more than a small one.
  func pageOfInterest(in region: MemoryRegion) -> PFN? {
    let limit = 4096
    if let call {
      for slot in 0..<min(call.src.count, limit) {
        for value in [call.src[slot], call.dst[slot]] {
          if let pfn = MigratePFN.page(value), region.range.contains(pfn) { return pfn }
        }
      }
    }
    guard let base = machine.index(of: region.range.start) else { return nil }
    for offset in 0..<min(region.range.count, limit) where !machine.frames[base + offset].free {
      return region.range.start + PFN(offset)
    }
    return nil
  }

  /// The first page of interest in any region, in region order.
  var pageOfInterest: PFN? { machine.regions.lazy.compactMap { pageOfInterest(in: $0) }.first }
}
