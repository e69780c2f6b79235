import FolioScenario

extension Engine {
  /// Mappings (present or device-private PTEs, leaf PMDs, and from v6.15 device-exclusive
  /// PTEs) of each page of the folio at `head`.
  func mappingsPerPage(of head: PFN) -> [PFN: Int] {
    var counts: [PFN: Int] = [:]
    let pages = folio(head).pageCount
    for location in entries(of: head) {
      if let pmd = pmd(at: location), pmd.isMapping {
        for k in 0..<pages { counts[head + UInt64(k), default: 0] += 1 }
      } else if let pte = pte(at: location), pte.isMapping || (kernel.deviceExclusiveIsMapped && pte.isDeviceExclusive),
                let pfn = pte.pfn {
        counts[pfn, default: 0] += 1
      }
    }
    return counts
  }

  /// `split_folio()`: turns a large folio into order-0 folios. Refused (returns false) when
  /// anyone holds a reference the split cannot account for: refcount must equal the mappings
  /// plus cache references plus `held` (the caller's). PMD leaves become 512 PTEs first
  /// (`split_huge_pmd`). A file or shmem folio instead loses its present mappings: the split
  /// unmaps it with `try_to_unmap()` and `remap_page()` restores only anon mappings, so its
  /// pages are faulted back from the page cache later. Every piece keeps the lock state of
  /// the original; `held` references stay on the piece holding `holder` (default: the head).
  /// From v6.12 an anon folio's zero-filled pieces are mapped by the shared zero page instead
  /// (`mapUnusedToZeroPage`). A piece that nothing maps or caches is freed (`__folio_split`
  /// unlocks and puts every piece but the caller's, and an unmapped one drops to 0): to the buddy
  /// allocator, or a device page to its driver's free list. Returns nil when refused, else the
  /// pieces mapped by the zero page.
  mutating func splitFolio(head: PFN, held: Int, holder: PFN? = nil) -> [PFN]? {
    var original = folio(head)
    let caches = original.cacheReferencesPerPage
    guard original.refcount == original.mapcount + caches * original.pageCount + held else { return nil }
    if original.mapping != .anon {
      original.dirty = unmapForSplit(head: head) || original.dirty
    } else {
      endDeviceExclusiveForSplit(head: head)
    }
    if original.mapping == .anon && remapDirtyPTEs(head) {
      // unmap_folio() → try_to_migrate(): each present PTE it clears marks the folio dirty if
      // it was, and every piece inherits PG_dirty.
      original.dirty = true
    }
    for location in entries(of: head) where location.isPMD {
      guard let pmd = machine.processes[location.process].pmds[location.index] else { continue }
      let base = location.address
      // A PMD keeps PageAnonExclusive on the head alone; the PTEs that replace it map each
      // page exclusively (the rmap is re-added page by page with RMAP_EXCLUSIVE).
      if pmd.isMapping && frame(head).anonExclusive {
        for k in 1..<hpagePMDNr { update(head + UInt64(k)) { $0.anonExclusive = true } }
      }
      // __split_huge_pmd_locked: a dirty present PMD marks the folio dirty before the split.
      if case .huge(let bits) = pmd, bits.dirty { original.dirty = true }
      for k in 0..<hpagePMDNr {
        let pfn = head + UInt64(k)
        let address = base + UInt64(k) * pageSize
        switch pmd {
        case .huge(var bits):
          // unmap_folio() splits the PMD frozen (__split_huge_pmd_locked: migration PTEs with its
          // bits) and remap_page() restores them as remove_migration_pte does any PTE.
          bits.pfn = pfn
          if bits.dirty && !kernel.restoredPTEKeepsSoftDirty { bits.mkdirty() }
          setPTE(location.process, address, .present(bits))
        case .devicePrivate(var entry): entry.pfn = pfn; setPTE(location.process, address, .devicePrivate(entry))
        case .migration(var entry): entry.pfn = pfn; setPTE(location.process, address, .migration(entry))
        case .table, .hugeZero: break
        }
      }
      setPMD(location.process, base, .table)
    }
    let zeroed = mapUnusedToZeroPage(head: head)
    let perPage = mappingsPerPage(of: head)
    for k in 0..<original.pageCount {
      let pfn = head + UInt64(k)
      let mappings = perPage[pfn] ?? 0
      update(pfn) { page in
        page.head = pfn
        page.order = 0
        page.refcount = mappings + caches + (pfn == (holder ?? head) ? held : 0)
        page.mapcount = mappings
        page.lockedBy = original.lockedBy
        page.lru = original.lru
        page.dirty = original.dirty
        page.mapping = original.mapping
        page.swapcache = original.swapcache
        page.pins = 0
      }
    }
    reindexSplit(head: head)
    for k in 0..<original.pageCount where head + UInt64(k) != (holder ?? head) && folio(head + UInt64(k)).refcount == 0 {
      freeFolio(head + UInt64(k))
    }
    return zeroed
  }

  /// The sentence a split step adds when the split unmapped a file or shmem folio ("" for anon).
  func unmappedBySplit(_ head: PFN) -> String {
    let mapping = folio(head).mapping
    guard mapping == .file || mapping == .shmem else { return "" }
    return " A \(mapping.rawValue) folio is unmapped to be split and not mapped again (remap_page() restores only anon "
      + "mappings): its pages stay in the page cache, and the walk finds nothing mapped there."
  }

  /// `unmap_folio()` → `try_to_unmap()` for a file or shmem folio about to be split: every
  /// present PTE and huge PMD naming it becomes none (a file PMD is cleared, not split).
  /// Returns whether an entry was dirty (`folio_mark_dirty`).
  private mutating func unmapForSplit(head: PFN) -> Bool {
    var dirty = false
    for location in entries(of: head) {
      if location.isPMD, case .huge(let bits) = pmd(at: location) {
        dirty = dirty || bits.dirty
        setPMD(location.process, location.address, .table)
      } else if !location.isPMD, case .present(let bits) = pte(at: location) {
        dirty = dirty || bits.dirty
        setPTE(location.process, location.address, PTE.none)
      }
    }
    return dirty
  }

  /// The round trip of an anon folio's present PTEs through migration entries around a split
  /// (`unmap_folio`, then `remap_page` → `remove_migration_pte`): each comes back with its bits,
  /// except that v6.8's `pte_mkdirty()` makes a dirty one soft-dirty. Returns whether any was dirty.
  private mutating func remapDirtyPTEs(_ head: PFN) -> Bool {
    var dirty = false
    for location in entries(of: head) where !location.isPMD {
      guard case .present(var bits) = pte(at: location), bits.dirty else { continue }
      dirty = true
      if !bits.softDirty && !kernel.restoredPTEKeepsSoftDirty {
        bits.mkdirty()
        setPTE(location.process, location.address, .present(bits))
      }
    }
    return dirty
  }

  /// `migrate_vma_split_folio()` (v7.0): a PTE-mapped large folio met in the PTE loop is locked
  /// (blocking), split, and the walk resumes at the same address. Returns false on failure.
  mutating func migrateVMASplitFolio(_ pfn: PFN, at: String) -> Bool {
    let function = "migrate_vma_split_folio"
    let head = folio(pfn).pfn
    let order = folio(pfn).order
    let faultFolio = isLockedFaultFolio(pfn)
    if !faultFolio && folio(pfn).lockedBy == .otherThread {
      emit(.collect, function, "lock", pfn: pfn, text: "\(at): \(MigratePFN.hex(head)) is a large folio (order \(order)) "
        + "locked by another thread. The kernel's folio_lock() sleeps here until that thread releases it, then "
        + "splits the folio and walks on; the model cannot resume a walk that sleeps, so it shows the rest of the "
        + "range skipped (src = 0).", failed: true)
      return false
    }
    if !faultFolio { update(head) { $0.refcount += 1; $0.lockedBy = .migration } }
    let faultPage = faultPage(of: call)
    // Our reference, or do_swap_page's on the fault folio: it stays with the page it was taken for.
    let exclusive = deviceExclusiveEntries(of: head)
    guard let zeroed = splitFolio(head: head, held: 1, holder: faultFolio ? faultPage : head) else {
      // The numbers as split_folio() saw them, with our own reference, like collect's other texts.
      let tried = folio(head)
      let accounted = tried.mapcount + tried.cacheReferencesPerPage * tried.pageCount + 1
      if !faultFolio { update(head) { $0.refcount -= 1; $0.lockedBy = nil } }
      let whose = faultFolio ? "do_swap_page's reference" : "our own reference"
      let dropped = faultFolio ? "do_swap_page keeps its lock and reference (refcount \(folio(head).refcount))"
        : "Our lock and reference are dropped (refcount \(folio(head).refcount))"
      emit(.collect, function, "split", pfn: pfn, text: "\(at): \(MigratePFN.hex(head)) is a PTE-mapped large folio "
        + "(order \(order)). split_folio() fails: refcount \(tried.refcount) (with \(whose)) is more than the "
        + "\(accounted) it can account for (mappings, caches and that one): a pin or another reference. \(dropped), "
        + "and the rest of the range is skipped.", failed: true)
      return false
    }
    for k in 0..<(1 << order) {
      let piece = head + UInt64(k)
      if faultFolio, piece == faultPage { continue }
      update(piece) { $0.lockedBy = nil }
    }
    // folio_unlock + folio_put of the head: an unmapped head is freed with it.
    if !faultFolio { putFolio(head) }
    // The fault folio is do_swap_page's, locked and held already; after the split its lock and
    // reference belong on the piece that holds fault_page (get+lock it, unlock+put the old head).
    let how = !faultFolio
      ? "migrate_vma_split_folio() takes a reference on it and locks it (folio_get, folio_lock), split_folio() turns it "
        + "into \(1 << order) order-0 folios, the pieces are unlocked"
      : "It is the fault folio, locked and held by do_swap_page, so migrate_vma_split_folio() takes no lock or reference "
        + "of its own; split_folio() turns it into \(1 << order) order-0 folios, the pieces are unlocked, and "
        + (faultPage == head ? "do_swap_page's lock and reference stay on the head, which holds fault_page"
          : "do_swap_page's lock and reference move to \(MigratePFN.hex(faultPage ?? head)), the piece holding fault_page "
            + "(folio_get and folio_lock on it, folio_unlock and folio_put on the old head)")
    // The zero-filled pieces have their own sentence.
    let freed = (0..<(1 << order)).filter { frame(head + UInt64($0)).free && !zeroed.contains(head + UInt64($0)) }.count
    let allocator = frame(head).zone.isDevice ? "the driver's free list" : "the buddy allocator"
    let freedText = freed == 0 ? "" : " \(freed == 1 ? "One piece nothing maps goes" : "\(freed) pieces nothing maps go") "
      + "back to \(allocator) (their last reference is put)."
    emit(.collect, function, "split", pfn: pfn, text: "\(at): \(MigratePFN.hex(head)) is a PTE-mapped large folio "
      + "(order \(order), \(1 << order) pages). \(how)\(faultFolio ? ". The walk" : ", and the walk") retries from the same "
      + "address." + zeroPagesMappedBySplit(zeroed) + freedText + unmappedBySplit(head)
      + deviceExclusiveEndedBySplit(exclusive) + coherentSplitCaution(head))
    return true
  }
}
