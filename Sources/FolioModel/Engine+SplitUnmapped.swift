import FolioScenario

extension Engine {
  /// `migrate_vma_split_unmapped_folio()` (v7.0, spec §5.5.3): a compound source with small
  /// destinations. The PMD migration entry becomes 512 PTE migration entries, the folio 512
  /// locked, isolated order-0 folios (each keeping one migration reference), and the src
  /// entries are rewritten per page.
  mutating func migrateVMASplitUnmappedFolio(slot: Int, head: PFN) -> Bool {
    let original = folio(head)
    // split_huge_pmd_address(freeze) runs first (its folio_get is dropped by the freeze), so
    // the calling VMA's PMD migration entry is 512 PTE migration entries even when
    // folio_split_unmapped() then refuses: finalize restores that folio PTE-mapped.
    let splits = original.refcount == 1 + original.mapcount
    // The kernel splits only the calling VMA's PMD (split_huge_pmd_address at the slot's
    // address); another process's PMD migration entry (after fork) would be left naming an
    // order-0 folio. The model splits those too when the folio splits, and the step says so.
    let (caller, base) = readCall { ($0.process, $0.start.map { $0 + UInt64(slot) * pageSize }) }
    let names = machine.processes.map(\.name)
    let pmds = entries(of: head).filter(\.isPMD)
    let callers = pmds.filter { names[$0.process] == caller && $0.address == base }
    let elsewhere = pmds.filter { !callers.contains($0) }
      .map { "\(names[$0.process])'s PMD at \(MigratePFN.hex($0.address))" }
    for location in splits ? pmds : callers {
      guard case .some(.migration(let entry)) = machine.processes[location.process].pmds[location.index] else { continue }
      for k in 0..<hpagePMDNr {
        var small = entry
        small.pfn = head + UInt64(k)
        setPTE(location.process, location.address + UInt64(k) * pageSize, .migration(small))
      }
      setPMD(location.process, location.address, .table)
    }
    guard splits else { return false }
    for k in 0..<original.pageCount {
      update(head + UInt64(k)) { page in
        page.head = page.pfn
        page.order = 0
        page.refcount = 1
        page.mapcount = 0
        page.lockedBy = original.lockedBy
        page.lru = false
        page.dirty = original.dirty
        page.mapping = original.mapping
      }
    }
    reindexSplit(head: head)
    let flags = src(slot) & (MigratePFN.migrate | MigratePFN.write)
    setSrc(slot, src(slot) & ~MigratePFN.compound)
    for k in 1..<original.pageCount where slot + k < npages {
      setSrc(slot + k, MigratePFN.make(head + UInt64(k)) | MigratePFN.valid | flags)
    }
    let caution = elsewhere.isEmpty ? "" : " Caution: the kernel splits only this VMA's PMD, so "
      + elsewhere.joined(separator: ", ") + " would stay a PMD migration entry naming an order-0 folio, which "
      + "remove_migration_pmd() cannot restore (VM_BUG_ON); the model splits it as well so that the run can go on."
    emit(.pages, "migrate_vma_split_unmapped_folio", "split", slot: slot, pfn: head, text: "Slot \(slot): a compound "
      + "source but small destinations. split_huge_pmd_address(freeze) turns the PMD migration entry into 512 PTE "
      + "migration entries and folio_split_unmapped() makes 512 locked order-0 folios; src[\(slot)] loses COMPOUND and "
      + "src[\(slot + 1)…\(slot + original.pageCount - 1)] get their own pfns with its flags "
      + "(\(MigratePFN.letters(MigratePFN.valid | flags)))." + caution)
    return true
  }
}
