import FolioScenario

/// The engine's reverse map (folio head → the entries naming it), kept as `setPTE`/`setPMD`
/// write entries, and the readers that stand in for the kernel's rmap walk.
extension Engine {
  /// Adds `location` to the reverse map under the folio of `pfn` (none: nothing to index).
  mutating func index(_ pfn: PFN?, _ location: EntryLocation) {
    guard let pfn, let position = position(of: folio(pfn).pfn) else { return }
    rmap.insert(location, at: position)
  }

  /// Takes `location` out of the reverse map under the folio of `pfn`.
  mutating func unindex(_ pfn: PFN?, _ location: EntryLocation) {
    guard let pfn, let position = position(of: folio(pfn).pfn) else { return }
    rmap.remove(location, at: position)
  }

  /// Re-keys the reverse map after a folio was split into small folios.
  mutating func reindexSplit(head: PFN) {
    guard let position = position(of: head) else { return }
    for location in rmap.removeAll(at: position) {
      index(location.isPMD ? pmd(at: location)?.pfn : pte(at: location)?.pfn, location)
    }
  }

  /// The PTE a PTE location names (nil for pte_none or a PMD location), read in place rather
  /// than through a copy of the process.
  @inline(__always) func pte(at location: EntryLocation) -> PTE? {
    location.isPMD ? nil : machine.processes[location.process].ptes[location.index]
  }

  /// The PMD a PMD location names (nil for a table or a PTE location).
  @inline(__always) func pmd(at location: EntryLocation) -> PMD? {
    location.isPMD ? machine.processes[location.process].pmds[location.index] : nil
  }

  /// Whether any entry names the folio headed by `head`.
  @inline(__always) func isMapped(_ head: PFN) -> Bool { position(of: head).map { rmap.isMapped($0) } ?? false }

  /// Every entry (PTE or PMD, in any process) that names a page of the folio headed by `head`,
  /// in a stable order (the kernel's rmap walk order is by VMA; ours by process, then address).
  @inline(__always) func entries(of head: PFN) -> EntryLocations {
    position(of: head).map { rmap.locations($0) } ?? EntryLocations()
  }
}
