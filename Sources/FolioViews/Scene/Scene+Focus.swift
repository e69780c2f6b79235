import FolioModel

extension Scene {
  /// Searches are bounded so a huge machine costs no more than a small one.
  private static let searchLimit = 4096

  /// Where to look in `region` when the step names no pfn there: the first page the current
  /// call's arrays name, else the first page in use.
  func pageOfInterest(in region: MemoryRegion) -> PFN? {
    if let pfn = arrayPage(in: region) { return pfn }
    guard let base = machine.index(of: region.range.start) else { return nil }
    for offset in 0..<min(region.range.count, Self.searchLimit) where !machine.frames[base + offset].free {
      return region.range.start + PFN(offset)
    }
    return nil
  }

  /// The first page in `region` that the current call's `src` or `dst` names, if any.
  func arrayPage(in region: MemoryRegion) -> PFN? {
    guard let call else { return nil }
    for slot in 0..<min(call.src.count, Self.searchLimit) {
      for value in [call.src[slot], call.dst[slot]] {
        if let pfn = MigratePFN.page(value), region.range.contains(pfn) { return pfn }
      }
    }
    return nil
  }

  /// Whether `region` holds a page this moment is about: the step's, the cursor's, or one the
  /// current call's arrays name. Such a region must keep a row in the grid however small it is.
  func isNamed(_ region: MemoryRegion, cursor: PFN?) -> Bool {
    [step.pfn, cursor].contains { $0.map(region.range.contains) ?? false } || arrayPage(in: region) != nil
  }

  /// The first page of interest in any region, in region order.
  var pageOfInterest: PFN? { machine.regions.lazy.compactMap { pageOfInterest(in: $0) }.first }
}
