/// A meaning check on device-exclusive entries: `make_device_exclusive()` first faults the page
/// in for writing through GUP (`FOLL_WRITE`, which breaks CoW), so the page it makes exclusive
/// is the caller's alone; v6.8's `folio_make_device_exclusive()` then replaces every mapping of
/// the folio, and from v6.15 the one PTE. Either way no other entry maps that page. A scenario
/// that starts with one is a state neither kernel reaches, and `try_to_migrate`'s handling of it
/// (v6.8 leaves the entry alone) would look like kernel behaviour.
extension ValidationRun {
  func checkDeviceExclusivePagesAreMappedOnce() {
    guard !diagnostics.contains(where: \.isError) else { return }
    // Every entry naming a page: PTE-level kinds name one pfn, PMD kinds the 512 from theirs.
    var named: [UInt64: [String]] = [:]
    var exclusive: [(pfn: UInt64, path: String)] = []
    for (p, process) in scenario.processes.enumerated() {
      for (v, vma) in process.vmas.enumerated() {
        for (m, mapping) in vma.mappings.enumerated() {
          // Pfns past the limit are errors already; the guard keeps the range below from wrapping.
          guard let pfn = mapping.pfn, pfn < ScenarioLimits.pfnLimit else { continue }
          let address = vma.start &+ UInt64(mapping.page) &* ScenarioLimits.pageSize
          let place = "\(process.name) \(hex(address))"
          let pages = [.hugePMD, .devicePrivatePMD].contains(mapping.entry) ? UInt64(ScenarioLimits.pmdPages) : 1
          for page in pfn..<(pfn + pages) { named[page, default: []].append(place) }
          if mapping.entry == .deviceExclusive {
            exclusive.append((pfn, "processes[\(p)].vmas[\(v)].map[\(m)].entry"))
          }
        }
      }
    }
    for (pfn, path) in exclusive {
      guard let places = named[pfn], places.count > 1 else { continue }
      warning(path, "\(hex(pfn)) is mapped \(places.count) times (\(places.joined(separator: ", "))), once by this "
        + "device-exclusive entry: make_device_exclusive() breaks CoW first, so the page it makes exclusive has no "
        + "other mapping, and no kernel reaches this state")
    }
  }
}
