import FolioScenario

extension Engine {
  /// `migrate_device_range()` / `migrate_device_pfns()` (spec §5.8) and the driver's eviction
  /// around them (`dmirror_device_evict_chunk`): lock each device pfn, unmap, copy to system
  /// RAM, `migrate_device_pages`, `migrate_device_finalize`.
  mutating func migrateDeviceSequence(_ api: MigrateAPI, pfns: [PFN], driver: DriverSpec, scenarioCall: Int) {
    let function = api.rawValue
    addCall(MigrateCall(api: api, slots: pfns.count))
    setCounters(npages: pfns.count)
    let named = api == .migrateDevicePfns
      ? " (" + pfns.prefix(4).map { MigratePFN.hex($0) }.joined(separator: ", ") + (pfns.count > 4 ? ", …)" : ")")
      : " from \(MigratePFN.hex(pfns.first ?? 0))"
    emit(.evict, function, "entry", text: "The driver evicts device memory: \(function)() over "
      + "\(counted(pfns.count, "pfn"))\(named). No VMA is involved; every mapping is found through the rmap.")
    var i = 0
    while i < pfns.count {
      let pfn = pfns[i]
      let slot = i
      i += 1
      let page = frame(pfn)
      // v6.19+ looks the folio up before trying to lock the pfn and reads its size once
      // migrate_device_pfn_lock returns, whether the lock was had or not: a large folio's entry is
      // marked COMPOUND and the slots of its other pages are zeroed and skipped.
      let nr = kernel.hasCompound ? folio(pfn).pageCount : 1
      // v6.8 had no migrate_device_pfn_lock: migrate_device_range's loop took the reference and the lock.
      let locker = kernel == .v6_8 ? "migrate_device_range" : "migrate_device_pfn_lock"
      let skipped = min(nr - 1, pfns.count - i)
      let overrun = nr - 1 > skipped ? " (the kernel would write past the array)" : ""
      // Said after the slot's verdict; "all the same" where the lock was not had.
      let next = i
      func large(_ compound: String) -> String {
        nr > 1 ? " The folio has \(nr) pages: src gets COMPOUND\(compound) and "
          + "\(skipped == 1 ? "the next slot is" : "the next \(skipped) slots are") zeroed and skipped\(overrun)."
          + skippedElsewhere(pfns[next..<(next + skipped)], head: folio(pfn).pfn, nr: nr) : ""
      }
      let refused = large(" all the same (the folio was looked up before the lock)")
      guard !page.free, page.isHead else {
        setCompoundSkipping(slot, nr: nr, skipped: skipped)
        emit(.evict, locker, "get", slot: slot, pfn: pfn, text: "Slot \(slot): \(MigratePFN.hex(pfn)) is "
          + (page.free ? "free (refcount 0\(nr > 1 ? "; free_zone_device_folio() left its order in place" : ""))"
            : "a tail page") + ": \(helpers.getUnlessFree)() fails ⇒ src = "
          + "\(nr > 1 ? "0x10 (COMPOUND)" : "0").\(refused)")
        i += skipped
        continue
      }
      guard !page.isLocked else {
        setCompoundSkipping(slot, nr: nr, skipped: skipped)
        emit(.evict, locker, "trylock", slot: slot, pfn: pfn, text: "Slot \(slot): \(helpers.trylock)() on "
          + "\(MigratePFN.hex(pfn)) fails (held by \(page.lockedBy?.rawValue ?? "someone")) ⇒ \(helpers.put)(), src = "
          + "\(nr > 1 ? "0x10 (COMPOUND)" : "0").\(refused)", failed: true)
        i += skipped
        continue
      }
      update(pfn) { $0.refcount += 1; $0.lockedBy = .migration }
      rememberContent(of: pfn)
      var value = MigratePFN.make(pfn) | MigratePFN.migrate
      if nr > 1 {
        value |= MigratePFN.compound
        i += skipped
      }
      setSrc(slot, value)
      emit(.evict, locker, "locked", slot: slot, pfn: pfn, text: "Slot \(slot): "
        + "\(locker)() takes a reference (refcount \(folio(pfn).refcount)) and the lock on "
        + "\(MigratePFN.hex(pfn)) ⇒ src = \(MigratePFN.hex(value)) (\(MigratePFN.letters(value))). It never sets "
        + "MIGRATE_PFN_WRITE: writability survives in the migration entries instead.\(large(""))")
    }
    migrateDeviceUnmap(fault: nil)
    runEvents(call: scenarioCall, at: .afterSetup)
    driverAllocateAndCopy(driver, toDevice: false)
    runEvents(call: scenarioCall, at: .beforePages)
    migrateVMAPages()
    runEvents(call: scenarioCall, at: .afterPages)
    migrateVMAFinalize()
    wakeWaiters()
    runEvents(call: scenarioCall, at: .afterFinalize)
  }

  /// What the slots a large folio skips held that is not that folio's (pfns of another folio
  /// after a range that began on a tail page, or the caller's other pfns): they are never evicted.
  private func skippedElsewhere(_ skipped: ArraySlice<PFN>, head: PFN, nr: Int) -> String {
    let elsewhere = skipped.filter { $0 < head || $0 >= head + UInt64(nr) }
    guard let first = elsewhere.first else { return "" }
    let which = elsewhere.count == 1 ? "That includes \(MigratePFN.hex(first)), which is"
      : "They include \(elsewhere.count) pfns from \(MigratePFN.hex(first)) on, which are"
    return " \(which) not part of this folio: never looked at, never evicted."
  }

  /// A slot whose folio could not be locked: src is 0, plus COMPOUND for a large folio, whose
  /// other `skipped` slots are zeroed (`migrate_device_pfns` overwrites the caller's pfns there).
  private mutating func setCompoundSkipping(_ slot: Int, nr: Int, skipped: Int) {
    guard nr > 1 else { return }
    setSrc(slot, MigratePFN.compound)
    for k in 0..<skipped where src(slot + 1 + k) != 0 { setSrc(slot + 1 + k, 0) }
  }

  /// What `WARN_ON_ONCE` on a large folio at the start of `migrate_device_coherent_folio` leads
  /// to: the call goes on, and fails further down.
  private func largeCoherentWarning(_ head: PFN) -> String {
    let nr = folio(head).pageCount
    guard nr > 1 else { return "" }
    let check = kernel.namesFolioHelpers ? "folio_test_large(folio)" : "PageCompound(page)"
    let fate = kernel.hasCompound
      ? "migrate_device_unmap will mark src COMPOUND, and migrate_device_pages, which has no VMA to split under, will "
        + "refuse it against the order-0 destination"
      : "v6.8's migrate_vma_check_page refuses a compound page, so migrate_device_unmap will restore it"
    return " The folio has \(nr) pages: WARN_ON_ONCE(\(check)) fires and the call goes on; \(fate): -EBUSY."
  }

  /// `migrate_device_coherent_folio()` (spec §5.9; v6.8 `migrate_device_coherent_page`): a
  /// long-term GUP pin may not stay on device-coherent memory, so the folio moves to RAM.
  mutating func migrateDeviceCoherentFolio(_ pfn: PFN, scenarioCall: Int) {
    let function = MigrateAPI.migrateDeviceCoherentFolio.name(in: kernel)
    let head = folio(pfn).pfn
    addCall(MigrateCall(api: .migrateDeviceCoherentFolio, slots: 1))
    setCounters(npages: 1)
    guard !frame(pfn).free else {
      emit(.evict, function, "lock", slot: 0, pfn: pfn, text: "\(MigratePFN.hex(pfn)) is free (an earlier migration freed "
        + "it): no get_user_pages() caller can hold a reference to it, and calling \(function)() on it would be a "
        + "use-after-free. Nothing happens.", failed: true)
      return
    }
    if let holder = folio(head).lockedBy {
      // folio_lock (v6.8: lock_page) sleeps until the holder unlocks; calls do not run
      // concurrently here, so nothing could wake this one.
      emit(.evict, function, "lock", slot: 0, pfn: head, text: "get_user_pages(FOLL_LONGTERM) found the "
        + "device-coherent page \(MigratePFN.hex(head)); it must not be pinned there. \(function)() calls "
        + "\(kernel == .v6_8 ? "lock_page" : "folio_lock")(), which is not a trylock: \(holder.rawValue) holds "
        + "PG_locked, so the GUP caller sleeps until it is released. The model does not resume a sleeping call: "
        + "this one ends here, still asleep, with src = 0 and nothing unmapped.", failed: true)
      return
    }
    update(head) { $0.lockedBy = .migration }
    rememberContent(of: head)
    setSrc(0, MigratePFN.make(head) | MigratePFN.migrate)
    emit(.evict, function, "lock", slot: 0, pfn: head, text: "get_user_pages(FOLL_LONGTERM) found the device-coherent "
      + "page \(MigratePFN.hex(head)); it must not be pinned there. \(function)() locks it: src = "
      + "\(MigratePFN.hex(src(0))).\(largeCoherentWarning(head))")
    migrateDeviceUnmap(fault: nil)
    guard src(0) & MigratePFN.migrate != 0 else {
      emit(.done, function, "ebusy", slot: 0, text: "MIGRATE was lost in unmap ⇒ \(function)() returns -EBUSY.", failed: true)
      // Its one event point is the call's return, which comes here.
      runEvents(call: scenarioCall, at: .afterFinalize)
      return
    }
    // No driver: the core allocates the system page itself and copies only once
    // migrate_device_pages has kept MIGRATE.
    if let region = machine.regions.first, let new = findFree(in: region, order: 0) {
      allocateFolio(at: new, order: 0, copying: nil)
      setDst(0, MigratePFN.make(new))
      emit(.driver, function, "alloc", slot: 0, pfn: new, text: "\(function)() allocates the system page "
        + "\(MigratePFN.hex(new)) and locks it: dst = \(MigratePFN.hex(dst(0))). Nothing is copied yet.")
    } else {
      emit(.driver, function, "alloc_fail", slot: 0, text: "No system page is free: dst stays 0, so "
        + "migrate_device_pages will clear MIGRATE.", failed: true)
    }
    migrateVMAPages()
    if src(0) & MigratePFN.migrate != 0, let new = MigratePFN.page(dst(0)) {
      let content = frame(head).content ?? 0
      update(new) { $0.content = content }
      emit(.pages, function, "copy", slot: 0, pfn: new, text: "MIGRATE survived migrate_device_pages, so the data of "
        + "\(MigratePFN.hex(head)) is copied to \(MigratePFN.hex(new)) now, after the metadata moved.")
    }
    migrateVMAFinalize()
    let ok = src(0) & MigratePFN.migrate != 0
    // An unmapped source held only by the caller leaves nothing to map the new page, so
    // finalize freed it.
    let retry = MigratePFN.page(dst(0)).map { frame($0).free } == true
      ? "nothing maps the new system page, so finalize freed it and the retry finds no page there"
      : "GUP retries the pin on the new system page"
    emit(.finalize, function, "return", slot: 0, text: ok ? "\(function)() returns 0: \(retry)."
      : "\(function)() returns -EBUSY.", failed: !ok)
    runEvents(call: scenarioCall, at: .afterFinalize)
  }
}
