import FolioScenario

extension Engine {
  /// `migrate_vma_unmap()` → `migrate_device_unmap(src, npages, fault_page)` (spec §5.3): isolate
  /// system folios from the LRU, `try_to_migrate` every remaining mapping, check for pins, and
  /// restore every entry that failed. Sets cpages to the number still migrating.
  mutating func migrateDeviceUnmap(fault: PFN?) {
    let function = "migrate_device_unmap"
    let npages = npages
    let api = machine.calls[call].api
    let caller = api == .migrateVMA ? "migrate_vma_unmap() calls" : "The core calls"
    // Whose reference holds a device folio that no LRU isolation pinned (collect's by default).
    let holder: UInt32 = switch api {
    case .migrateVMA: 0
    case .migrateDeviceRange, .migrateDevicePfns:
      log.note(.text("the reference \(kernel == .v6_8 ? "migrate_device_range()" : "migrate_device_pfn_lock()") took"))
    case .migrateDeviceCoherentFolio: log.note(.text("the reference its GUP caller holds"))
    }
    emit(.unmap, function, "drain", text: "\(caller) migrate_device_unmap(). lru_add_drain() flushes this "
      + "CPU's LRU batch so the \(api == .migrateVMA ? "collected" : "locked") folios can be isolated.")
    var unmapped = 0
    var restore = 0
    var holes = 0
    // The first folio found off the LRU makes the call drain every CPU's LRU batch, once.
    var allowDrain = true
    var i = 0
    while i < npages {
      let mpfn = src(i)
      guard let pfn = MigratePFN.page(mpfn) else {
        if mpfn & MigratePFN.migrate != 0 {
          if holes == 0 { emitFirstEntryWithoutPage(slot: i, function: function) }
          unmapped += 1
          holes += 1
        }
        i += 1
        continue
      }
      // The folio's state is read once here and again only after something changed it.
      var page = folio(pfn)
      let head = page.pfn
      let device = page.zone.isDevice
      let nr = kernel.hasCompound ? page.pageCount : 1
      if nr > 1 { setSrc(i, src(i) | MigratePFN.compound) }
      let slot = i
      func at() -> String { "Slot \(slot) (\(MigratePFN.hex(pfn)))" }
      // The step keeps its text as numbers; only what try_to_migrate() did, when a mapping
      // remained, is written now.
      var isolated: Int?
      if !device {
        guard page.lru else {
          setSrc(i, src(i) & ~MigratePFN.migrate)
          restore += 1
          let drained = allowDrain ? "PG_lru is clear, so lru_add_drain_all() first drains every CPU's LRU batch (once per "
            + "call); no batch held it, as someone else has isolated it, and " : "It is not on the LRU (someone else has "
            + "isolated it): "
          allowDrain = false
          emit(.unmap, function, "isolate", slot: i, pfn: pfn, text: "\(at()): \(drained)"
            + "\(kernel.namesFolioHelpers ? "folio_isolate_lru" : "isolate_lru_page")() fails ⇒ MIGRATE cleared; the entry "
            + "will be restored.", failed: true)
          i += nr
          continue
        }
        update(head) { $0.lru = false }
        isolated = page.refcount
      }
      var migrated: UInt32 = 0
      if page.mapcount > 0 {
        migrated = log.note(.walk(tryToMigrate(head)))
        page = folio(head)
      }
      // `page == fault_page`: the page src names (a compound entry's head), not its folio.
      let check = PageCheck.migrateVMACheckPage(page, faultPage: fault == pfn, kernel: kernel)
      if page.mapcount > 0 || !check.ok {
        if !device { update(head) { $0.lru = true } }
        setSrc(i, src(i) & ~MigratePFN.migrate)
        restore += 1
        emit(.unmap, function, "check", slot: i, pfn: pfn, text: SlotText(
          unmap: .checkFailed, check: check, isolated: isolated, migrated: migrated, device: device,
          src: src(i)), failed: true)
        i += nr
        continue
      }
      unmapped += 1
      emit(.unmap, function, "unmapped", slot: i, pfn: pfn, text: SlotText(
        unmap: .unmapped, check: check, isolated: isolated, migrated: migrated, holder: holder))
      i += nr
    }
    restoreFailed(count: restore, function: function)
    setCounters(cpages: unmapped)
    emit(.unmap, function, "return", text: "migrate_device_unmap() returns \(unmapped)" + (api == .migrateVMA
      ? ": cpages = \(unmapped)." : api == .migrateDeviceCoherentFolio ? ", which its caller ignores: it tests src for MIGRATE."
      : ", which \(api.rawValue)() ignores: it returns 0 and the driver reads src."))
  }

  /// The loop's first entry without a page but with MIGRATE (a hole, the zero page): one step
  /// there, in the loop's order, tells of it and of the others like it that follow.
  private mutating func emitFirstEntryWithoutPage(slot: Int, function: String) {
    var others = 0
    for i in (slot + 1)..<max(slot + 1, npages) where MigratePFN.page(src(i)) == nil && src(i) & MigratePFN.migrate != 0 {
      others += 1
    }
    emit(.unmap, function, "holes", slot: slot, text: "Slot \(slot) has no page (a hole or the zero page) but MIGRATE: "
      + "it counts as migrating (unmapped++) with nothing to unmap"
      + (others == 0 ? "." : ", and so will the \(others) more such entr\(others == 1 ? "y" : "ies") after it."))
  }

  /// The restore loop: each entry with a page but without MIGRATE gets its mappings back.
  private mutating func restoreFailed(count: Int, function: String) {
    var restore = count
    var i = 0
    while restore > 0 && i < npages {
      defer { i += 1 }
      let mpfn = src(i)
      guard let pfn = MigratePFN.page(mpfn), mpfn & MigratePFN.migrate == 0 else { continue }
      let head = folio(pfn).pfn
      let restored = removeMigrationPTEs(src: head, dst: head)
      setSrc(i, 0)
      let keepLocked = isLockedFaultFolio(head)
      if !keepLocked { update(head) { $0.lockedBy = nil } }
      putFolio(head)
      restore -= 1
      emit(.unmap, function, "restore", slot: i, pfn: pfn, text: SlotText(
        kind: .unmapRestored, flags: keepLocked ? SlotText.lockedFault : 0,
        counts: (Int32(restored), Int32(folio(head).refcount), Int32(folio(head).mapcount)), words: (head, 0)), failed: true)
    }
  }

  /// `folio_put()`: drops one reference; at zero the folio is freed (to the buddy allocator, or
  /// for a device folio through `free_zone_device_folio` → the driver's `folio_free`).
  mutating func putFolio(_ head: PFN) {
    var last = false
    update(head) { page in
      page.refcount -= 1
      last = page.refcount == 0
    }
    if last { freeFolio(head) }
  }

  /// Returns every page of the folio to its allocator. The buddy allocator undoes a large
  /// folio; `free_zone_device_folio` does not: a freed device folio keeps its order (and its
  /// tails their head) until `zone_device_page_init` hands the pages out again, so a later
  /// `migrate_device_range` still meets one large folio there.
  mutating func freeFolio(_ head: PFN) {
    let freed = folio(head)
    lowerAllocationHint(to: head)
    resetFrames(head, count: freed.pageCount, keepingOrder: freed.zone.isDevice ? freed.order : 0)
  }

  /// Makes `count` frames from `head` on free, with no folio state left, as pages of one free
  /// block of `order` (0: each its own page).
  mutating func resetFrames(_ head: PFN, count: Int, keepingOrder order: Int) {
    for k in 0..<count {
      update(head + UInt64(k)) { page in
        let pfn = page.pfn
        page = PageFrame(pfn: pfn, zone: page.zone, region: page.region)
        guard order > 0 else { return }
        page.head = head
        page.order = order
      }
    }
  }
}
