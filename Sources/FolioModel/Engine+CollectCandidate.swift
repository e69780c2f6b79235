import FolioScenario

extension Engine {
  /// Whether `pfn` belongs to the running call's fault folio, already locked by the fault handler.
  @inline(__always) func isLockedFaultFolio(_ pfn: PFN) -> Bool { isLockedFaultFolio(pfn, call: call) }

  /// The common path of collect for a selected page (P6/P12): lock it, share an anon-exclusive
  /// page, and replace the PTE by a migration entry (spec §5.2 "Common path"). `faultFolio`: the
  /// fault folio's head as `migrate_vma_collect_pmd()` read it on entry (its `fault_folio`).
  mutating func collectCandidate(process: Int, vma: VMA, address: UInt64, pfn: PFN, write: Bool, old: PTE,
                                 faultFolio faultHead: PFN?) {
    let function = "migrate_vma_collect_pmd"
    // The folio as collect finds it; what the updates below change is read again at the end.
    let page = folio(pfn)
    let head = page.pfn
    let slot = npages
    let mpfn = MigratePFN.make(pfn) | MigratePFN.migrate | (write ? MigratePFN.write : 0)
    guard page.mapping != .none else {
      _ = append(0)
      emit(.collect, function, "no_mapping", slot: slot, pfn: pfn, text: "\(Self.slotAt(slot, address: address, pfn: pfn)): the page has no mapping yet ⇒ src = 0.")
      return
    }
    let faultFolio = faultHead == head
    guard faultFolio || !page.isLocked else {
      _ = append(0)
      // Folio helpers in both kernels: the PTE loop was converted with folio_remove_rmap_pte() in 6.8-rc1.
      let why = isLockedFaultFolio(pfn)
        ? "this is the fault page's own folio since migrate_vma_split_folio() split the large folio and took its lock "
          + "for the fault handler, but migrate_vma_collect_pmd() compares with the fault folio it read before the split "
          + "(the head's piece \(MigratePFN.hex(faultHead ?? head))), so it takes this one for any other locked folio"
        : "\(page.lockedBy?.rawValue ?? "someone") holds PG_locked"
      emit(.collect, function, "trylock", slot: slot, pfn: pfn, text: "\(Self.slotAt(slot, address: address, pfn: pfn)): folio_get(), then folio_trylock() fails "
        + "because \(why) ⇒ folio_put(), src = 0. The PTE and refcount are "
        + "unchanged; the PTE loop never sleeps on a page lock.", failed: true)
      return
    }
    if faultFolio && !page.isLocked {
      // The head's piece of a fault folio that migrate_vma_split_folio() split: it unlocked the
      // head after moving the lock to the fault page's piece, and the loop still takes it for the
      // locked fault folio.
      emit(.collect, function, "trylock", slot: slot, pfn: pfn, text: "\(Self.slotAt(slot, address: address, pfn: pfn)): "
        + "the fault folio as migrate_vma_collect_pmd() read it before the split, so no folio_trylock(); but "
        + "migrate_vma_split_folio() unlocked it when it moved the fault handler's lock to the fault page's piece. The "
        + "kernel goes on and unmaps an unlocked folio (a kernel bug: finalize's folio_unlock() would then trip its "
        + "VM_BUG_ON); the model follows.", failed: true)
    }
    if !faultFolio { update(head) { $0.lockedBy = .migration } }
    let anonExclusive = page.mapping == .anon && frame(pfn).anonExclusive
    if anonExclusive && refusesShare(page, extra: 1) {
      if !faultFolio { update(head) { $0.lockedBy = nil } }
      _ = append(0)
      emit(.collect, function, "share", slot: slot, pfn: pfn, text: SlotText(
        kind: .pinned, counts: (Int32(page.refcount + 1), 0, 0), words: (address, 0)), failed: true)
      return
    }
    if anonExclusive { update(pfn) { $0.anonExclusive = false } }
    var entry = MigrationEntry(pfn: pfn, kind: write ? .write : (anonExclusive ? .readExclusive : .read))
    var dirtied = false
    switch old {
    case .present(let bits):
      (entry.young, entry.dirty, entry.softDirty, entry.uffdWp) = (bits.young, bits.dirty, bits.softDirty, bits.uffdWp)
      if bits.dirty && !page.dirty {
        update(head) { $0.dirty = true }
        dirtied = true
      }
    case .devicePrivate(let device):
      (entry.softDirty, entry.uffdWp) = (device.softDirty, device.uffdWp)
    default: break
    }
    setPTE(process, address, .migration(entry))
    update(head) { $0.mapcount -= 1 }
    _ = append(mpfn)
    setCounters(cpages: cpages + 1)
    rememberContent(of: head)
    let collected = folio(pfn)
    let (refcount, mapcount, cpages) = (collected.refcount, collected.mapcount, self.cpages)
    let flags = (faultFolio ? SlotText.faultFolio : 0) | (anonExclusive ? SlotText.anonExclusive : 0)
      | (dirtied ? SlotText.dirtied : 0) | (entry.young ? SlotText.young : 0) | (entry.dirty ? SlotText.dirty : 0)
    emit(.collect, function, "migration_entry", slot: slot, pfn: pfn, text: SlotText(
      kind: .migrationEntry, flags: flags, code: SlotText.code(of: entry.kind),
      counts: (Int32(mapcount), Int32(refcount), Int32(cpages)), words: (address, mpfn)))
  }

  /// "Slot N (address, pfn P)", the start of a collect step's text (called when a text is written).
  static func slotAt(_ slot: Int, address: UInt64, pfn: PFN) -> String {
    "Slot \(slot) (\(MigratePFN.hex(address)), pfn \(MigratePFN.hex(pfn)))"
  }

  /// Records what a source folio's pages hold, so finalize can prove no data was lost.
  mutating func rememberContent(of head: PFN) {
    for k in 0..<folio(head).pageCount {
      let pfn = head + UInt64(k)
      if let content = frame(pfn).content, let position = position(of: pfn) { expectedContent[position] = content }
    }
  }
}
