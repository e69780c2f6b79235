/// A meaning check across processes: an anonymous page mapped more than once (shared after
/// fork) is write-protected in every mapping — `copy_present_pte` and `copy_nonpresent_pte`
/// make both sides read-only so that the first write copies. A scenario that starts with such a
/// page writable is a state the kernel never reaches, and the run would break
/// PageAnonExclusive (I7) for reasons of the scenario, not of migration.
extension ValidationRun {
  func checkSharedAnonPagesAreReadOnly() {
    // Only for page tables that are otherwise right: a misplaced entry may well name a page
    // twice, and its error says what is wrong.
    guard !diagnostics.contains(where: \.isError) else { return }
    // Every mapping (PTE, or PMD naming a head) of a page in a private anonymous VMA, or of an
    // anon folio anywhere (a MAP_PRIVATE file VMA holds the pages written since), by pfn.
    var mappings: [UInt64: [(process: String, address: UInt64, write: Bool, path: String)]] = [:]
    for (p, process) in scenario.processes.enumerated() {
      for (v, vma) in process.vmas.enumerated() {
        for (m, mapping) in vma.mappings.enumerated() {
          guard let pfn = mapping.pfn, [.present, .devicePrivate, .hugePMD, .devicePrivatePMD].contains(mapping.entry),
                vma.kind == .anonPrivate || folios.folio(containing: pfn).map({ scenario.folios[$0].backing == .anon }) == true
          else { continue }
          let address = vma.start &+ UInt64(mapping.page) &* ScenarioLimits.pageSize
          mappings[pfn, default: []].append((process.name, address, mapping.write,
                                              "processes[\(p)].vmas[\(v)].map[\(m)].write"))
        }
      }
    }
    for (pfn, all) in mappings.sorted(by: { $0.key < $1.key }) where all.count > 1 {
      let places = all.map { "\($0.process) \(hex($0.address))" }.joined(separator: ", ")
      for writable in all where writable.write {
        warning(writable.path, "\(hex(pfn)) is an anonymous page mapped \(all.count) times (\(places)); after fork every "
          + "mapping of a shared anonymous page is read-only, so this one cannot be writable")
      }
    }
  }
}
