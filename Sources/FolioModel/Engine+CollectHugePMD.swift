import FolioScenario

extension Engine {
  /// `migrate_vma_collect_huge_pmd()` (v7.0) for a trans-huge or non-present PMD. Returns true
  /// when the range was fully handled, false to fall through to the PTE loop (-ENOENT).
  /// `faultFolio`: the fault folio's head as `migrate_vma_collect_pmd()` read it on entry.
  mutating func collectHugePMD(process: Int, vma: VMA, start: UInt64, end: UInt64, faultFolio faultHead: PFN?) -> Bool {
    let function = "migrate_vma_collect_huge_pmd"
    let (select, owner) = readCall { ($0.select, $0.owner) }
    let pmd = machine.processes[process].pmd(at: start)
    var write = false
    if pmd.isTransHuge, !select.contains(.system) {
      collectSkip(start: start, end: end, why: "A trans-huge PMD, but SELECT_SYSTEM is not set.", function: function,
                  label: "no_system")
      return true
    }
    switch pmd {
    case .table: return false
    case .hugeZero:
      emit(.collect, function, "zero", text: "The PMD maps the huge zero page: it is treated as a hole.")
      collectHole(vma: vma, start: start, end: end, hugeZero: true)
      return true
    case .huge(let bits):
      write = bits.write
    case .migration:
      collectSkip(start: start, end: end, why: "A PMD migration entry of another migration is not device-private.",
                  function: function, label: "not_selected")
      return true
    case .devicePrivate(let entry):
      guard select.contains(.devicePrivate), machine.owner(of: frame(entry.pfn)) == owner else {
        collectSkip(start: start, end: end, why: "A device-private PMD this call does not select.", function: function,
                    label: "not_selected")
        return true
      }
      write = entry.write
    }
    guard let headPfn = pmd.pfn else { return false }
    let head = folio(headPfn).pfn
    let faultFolio = faultHead == head
    if !faultFolio && folio(head).isLocked {
      // folio_get() comes first and folio_put() gives it back: the count ends where it began.
      let refcount = folio(head).refcount
      collectSkip(start: start, end: end, why: "folio_get() (refcount \(refcount + 1)), then folio_trylock() on the THP "
        + "\(MigratePFN.hex(head)) fails (\(folio(head).lockedBy?.rawValue ?? "someone") holds it): folio_put() gives the "
        + "reference back (refcount \(refcount)).", function: function, label: "trylock", failed: true)
      return true
    }
    update(head) { page in
      page.refcount += 1
      if !faultFolio { page.lockedBy = .migration }
    }
    let pmdSize = UInt64(hpagePMDNr) * pageSize
    let exclusive = folio(head).mapping == .anon && frame(head).anonExclusive
    let aligned = start % pmdSize == 0 && end % pmdSize == 0
    if select.contains(.compound), aligned, setPMDMigrationEntry(process: process, address: start, pmd: pmd, head: head) {
      let mpfn = MigratePFN.make(head) | MigratePFN.migrate | MigratePFN.compound | (write ? MigratePFN.write : 0)
      let slot = append(mpfn)
      setCounters(cpages: cpages + 1)
      rememberContent(of: head)
      emit(.collect, function, "compound", slot: slot, pfn: head, text: "Slot \(slot): a PMD-aligned THP "
        + "\(MigratePFN.hex(head)) with SELECT_COMPOUND. It is locked and set_pmd_migration_entry() turns the PMD into "
        + "one migration entry (mapcount \(folio(head).mapcount), refcount \(folio(head).refcount))"
        + (exclusive ? "; the head's PageAnonExclusive is shared away (folio_try_share_anon_rmap_pmd)" : "")
        + ". One compound entry "
        + "src = \(MigratePFN.hex(mpfn)) (\(MigratePFN.letters(mpfn))) stands for 512 pages: cpages + 1 = \(cpages).")
      for _ in 1..<hpagePMDNr { _ = append(0) }
      emit(.collect, "migrate_vma_collect_skip", "skip", slot: slot + 1, text: "The next 511 entries are 0, reserved so the "
        + "compound entry can be split later.")
      return true
    }
    // Fallback: split the THP and let the PTE loop handle the small pages.
    let reason = !select.contains(.compound) ? "no SELECT_COMPOUND" : !aligned ? "the range is not PMD-aligned"
      : "set_pmd_migration_entry() fails: the THP is anon-exclusive and may be pinned, so "
        + "folio_try_share_anon_rmap_pmd() returns -EBUSY and the PMD is put back"
    let held = 1
    let tried = folio(head).refcount
    let zeroed = splitFolio(head: head, held: held)
    // split_folio() keeps the folio it was called on, the head's piece, locked and unlocks the
    // others; then folio_unlock(folio) unless it is the fault folio, whose lock stays there even
    // when fault_page is a tail (the pieces holding it come out unlocked).
    for k in 0..<(zeroed != nil ? hpagePMDNr : 1) where !(faultFolio && k == 0) {
      update(head + UInt64(k)) { $0.lockedBy = nil }
    }
    // folio_put(): a head the split left unmapped (mapped by the zero page instead) is freed.
    if zeroed != nil { putFolio(head) } else { update(head) { $0.refcount -= held } }
    guard let zeroed else {
      collectSkip(start: start, end: end, why: "The THP \(MigratePFN.hex(head)) is not collected whole (\(reason)), and "
        + "split_folio() fails: refcount \(tried) (with our own reference) has references the split cannot account for, "
        + "e.g. a pin.", function: function, label: "split_fail", failed: true)
      return true
    }
    emit(.collect, function, "split", pfn: head, text: "The THP \(MigratePFN.hex(head)) is not collected whole "
      + "(\(reason)): split_folio() " + (unmappedBySplit(head).isEmpty ? "splits the PMD into 512 PTEs and the folio into 512 "
        + "order-0 folios." + zeroPagesMappedBySplit(zeroed) + " The PTE loop takes over."
        : "splits the folio into 512 order-0 folios." + unmappedBySplit(head)) + faultLockAfterSplit(head, faultFolio)
      + coherentSplitCaution(head))
    return false
  }

  /// The sentence the fallback split adds when it split the fault folio and `fault_page` is
  /// not its head ("" otherwise).
  private func faultLockAfterSplit(_ head: PFN, _ faultFolio: Bool) -> String {
    guard faultFolio, let page = faultPage(of: call), page != head else { return "" }
    return " It is the fault folio, so no folio_unlock(): the fault handler's lock stays on the head's piece "
      + "\(MigratePFN.hex(head)), and the piece holding fault_page \(MigratePFN.hex(page)) comes out unlocked."
  }

  /// `set_pmd_migration_entry()`: fails (returns false) for a pinned anon-exclusive THP.
  mutating func setPMDMigrationEntry(process: Int, address: UInt64, pmd: PMD, head: PFN) -> Bool {
    let exclusive = folio(head).mapping == .anon && frame(head).anonExclusive
    if exclusive && refusesShare(folio(head)) { return false }
    var entry: MigrationEntry
    switch pmd {
    case .huge(let bits):
      entry = MigrationEntry(pfn: head, kind: bits.write ? .write : (exclusive ? .readExclusive : .read),
                             young: bits.young, dirty: bits.dirty, softDirty: bits.softDirty, uffdWp: bits.uffdWp)
      if bits.dirty { update(head) { $0.dirty = true } }
    case .devicePrivate(let device):
      entry = MigrationEntry(pfn: head, kind: device.write ? .write : (exclusive ? .readExclusive : .read),
                             softDirty: device.softDirty, uffdWp: device.uffdWp)
    default: return false
    }
    // folio_try_share_anon_rmap_pmd(): a PMD-mapped THP keeps the flag on its head only.
    if exclusive { update(head) { $0.anonExclusive = false } }
    setPMD(process, address, .migration(entry))
    update(head) { $0.mapcount -= 1; $0.refcount -= 1 }
    return true
  }

  /// The v6.8 PMD part of `migrate_vma_collect_pmd()`: a THP is always split (the huge zero PMD
  /// via `split_huge_pmd`). Returns true to continue with the PTE loop.
  mutating func collectHugePMDv68(process: Int, vma: VMA, start: UInt64, end: UInt64) -> Bool {
    let function = "migrate_vma_collect_pmd"
    let pmd = machine.processes[process].pmd(at: start)
    switch pmd {
    case .hugeZero:
      let base = start & ~(UInt64(hpagePMDNr) * pageSize - 1)
      for k in 0..<hpagePMDNr { setPTE(process, base + UInt64(k) * pageSize, .zero()) }
      setPMD(process, base, .table)
      emit(.collect, function, "split_zero", text: "The PMD maps the huge zero page: split_huge_pmd() replaces it by 512 "
        + "zero-page PTEs, which the PTE loop then handles.")
      return true
    case .huge(let bits):
      let head = folio(bits.pfn).pfn
      // get_page() comes before the trylock, and v6.8's failure path returns without the put.
      update(head) { $0.refcount += 1 }
      guard !folio(head).isLocked else {
        collectSkip(start: start, end: end, why: "get_page(), then trylock_page() on the THP \(MigratePFN.hex(head)) "
          + "fails. v6.8 returns here without put_page(): the reference just taken leaks (refcount "
          + "\(folio(head).refcount)), a bug later kernels fixed.", function: function, label: "split")
        return false
      }
      update(head) { $0.lockedBy = .migration }
      let split = splitFolio(head: head, held: 1) != nil
      for k in 0..<(split ? hpagePMDNr : 1) { update(head + UInt64(k)) { $0.lockedBy = nil } }
      update(head) { $0.refcount -= 1 }
      guard split else {
        collectSkip(start: start, end: end, why: "split_huge_page() of the THP \(MigratePFN.hex(head)) fails "
          + "(refcount \(folio(head).refcount) has references the split cannot account for).", function: function,
          label: "split")
        return false
      }
      emit(.collect, function, "split", pfn: head, text: "v6.8 always splits a PMD-mapped THP: get_page() and "
        + "trylock_page() on \(MigratePFN.hex(head)), then split_huge_page() turns it into 512 order-0 folios"
        + (unmappedBySplit(head).isEmpty ? " mapped by 512 PTEs" : "") + ", and unlock_page() and put_page() let go of "
        + "the head again." + (unmappedBySplit(head).isEmpty ? " The PTE loop takes over." : unmappedBySplit(head)))
      return true
    case .table: return true
    case .migration:
      // v6.8 has no branch for it: pte_offset_map_lock() refuses a PMD migration entry and the
      // walk goes back to `again`, until the migration that owns the entry removes it.
      collectSkip(start: start, end: end, why: "A PMD migration entry: v6.8 has no branch for one. pte_offset_map_lock() "
        + "refuses it and the walk retries (goto again) until the migration that installed it is over; nothing in this "
        + "scenario ends it, so the model skips the range instead of spinning.")
      return false
    case .devicePrivate:
      collectSkip(start: start, end: end, why: "A device-private PMD, which v6.8 cannot have (device THPs came with the "
        + "v6.19 THP series).")
      return false
    }
  }
}
