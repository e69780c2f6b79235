import FolioScenario

extension Engine {
  /// What a split does to the device-exclusive entries of an anon folio (v6.15+, where they
  /// count as mappings; v6.8's refcount/mapcount imbalance refuses the split before this).
  /// `unmap_folio()` → `try_to_migrate()` turns each into a readable(-exclusive) migration entry,
  /// clean and old, and `remap_page()` → `remove_migration_ptes()` restores a present read-only
  /// PTE: the device loses its exclusive access, the page stays PageAnonExclusive.
  mutating func endDeviceExclusiveForSplit(head: PFN) {
    for location in entries(of: head) where !location.isPMD {
      guard case .deviceExclusive(let pfn) = pte(at: location) else { continue }
      setPTE(location.process, location.address, .present(PresentBits(pfn: pfn)))
    }
  }

  /// How many device-exclusive PTEs name a page of the folio at `head`.
  func deviceExclusiveEntries(of head: PFN) -> Int {
    entries(of: head).filter { !$0.isPMD && pte(at: $0)?.isDeviceExclusive == true }.count
  }

  /// The sentence a split step adds for the device-exclusive entries it ended ("" for none).
  func deviceExclusiveEndedBySplit(_ ended: Int) -> String {
    guard ended > 0 else { return "" }
    let entries = ended == 1 ? "Its device-exclusive entry becomes a present read-only PTE"
      : "Its \(ended) device-exclusive entries become present read-only PTEs"
    return " \(entries): unmap_folio()'s try_to_migrate() replaced \(ended == 1 ? "it" : "each") with a read-only "
      + "migration entry (clean and old) and remap_page() restored that, so the device has lost its exclusive access."
  }
}
