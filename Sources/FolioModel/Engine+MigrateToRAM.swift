import FolioScenario

extension Engine {
  /// `do_swap_page()` on a device-private entry (or `do_huge_pmd_device_private()`): take the
  /// page (v6.15+: trylock it), call the owner's `migrate_to_ram` — here dmirror's
  /// `dmirror_devmem_fault`, a one-page (or one-PMD) `migrate_vma` with `fault_page` — then
  /// release it and retry the access (spec §3, §5.10, S13).
  mutating func faultDevicePrivate(thread: String, process: Int, address: UInt64, pfn entryPfn: PFN, write: Bool,
                                   driver: DriverSpec, access: String, huge: Bool) {
    let pmdSize = UInt64(hpagePMDNr) * pageSize
    let start = huge ? address & ~(pmdSize - 1) : address
    // The entry's own page: for a PMD that is the THP's head (do_huge_pmd_device_private).
    let faultPage = entryPfn
    let head = folio(faultPage).pfn
    let name = machine.processes[process].name
    let function = huge ? "do_huge_pmd_device_private" : "do_swap_page"
    if kernel.faultPageArrivesLocked {
      guard !folio(head).isLocked else {
        // do_swap_page sleeps until the page is unlocked (the 2026 hmm_range_fault livelock
        // fix, in v7.0); do_huge_pmd_device_private still returns at once and refaults.
        waitOnFolio(head, site: huge ? .refaultingPMD : .lockedDevicePage, thread: thread, process: name,
                    address: address, write: write, label: "trylock", text: "\(access): a device-private entry, but \(huge ? "folio_trylock" : "trylock_page")() on "
          + "\(MigratePFN.hex(head)) fails (\(folio(head).lockedBy?.rawValue ?? "someone") holds it): " + (huge
            ? "the PMD is unlocked and 0 returned, so \(thread) refaults at once, again and again, until the lock is "
              + "free (shown here as one wait)."
            : "softleaf_entry_wait_on_locked() drops the PTE lock and \(thread) sleeps until the page is unlocked; then "
              + "0 is returned and the access faults again."))
        return
      }
      update(head) { $0.lockedBy = .faultHandler; $0.refcount += 1 }
    } else {
      update(head) { $0.refcount += 1 }
    }
    emit(.fault, function, "device_private", pfn: faultPage, text: "\(access): the \(huge ? "PMD" : "PTE") is a "
      + "device-private entry for \(MigratePFN.hex(faultPage)). \(function)() "
      + (kernel.faultPageArrivesLocked ? "trylocks the page\(huge ? "" : " (v6.15+)"), " : "(v6.8: without locking it) ")
      + "takes a reference of its own (\(faultReferences(head))) and calls the owner's migrate_to_ram().")
    let orderBefore = folio(head).order
    let saved = call
    let args = MigrateVMACall(process: name, start: start, end: start + (huge ? pmdSize : pageSize),
                              select: huge ? [.devicePrivate, .compound] : .devicePrivate, owner: machine.owner(of: frame(head)),
                              faultPage: faultPage, driver: driver)
    let copied = migrateVMASequence(args, scenarioCall: -1)
    let result = machine.calls[call].setupResult != 0 ? "VM_FAULT_SIGBUS" : copied ? "0" : "VM_FAULT_OOM"
    // The rest of the fault (the release, the retry) is about the migration it just made.
    defer { call = saved }
    // unlock_page()/put_page() act on vmf->page's folio as it is now: if collect split the
    // large folio, migrate_vma_split_folio() moved the lock and the reference to the piece
    // holding the fault page.
    let held = folio(faultPage).pfn
    if kernel.faultPageArrivesLocked { update(held) { $0.lockedBy = nil } }
    putFolio(held)
    let freeZoneDevice = kernel.namesFolioHelpers ? "free_zone_device_folio" : "free_zone_device_page"
    emit(.fault, function, "release", pfn: held, text: "migrate_to_ram() returns \(result). \(function)() "
      + (kernel.faultPageArrivesLocked ? "unlocks and " : "") + "puts \(MigratePFN.hex(held))"
      + (held != head ? " (the fault page's own folio since the split)" : "") + ": "
      + (folio(held).free ? "its refcount reaches 0, so \(freeZoneDevice)() hands it back to the driver's free list."
        : "refcount \(folio(held).refcount)."))
    wakeWaiters()
    guard result == "0" else {
      emit(.fault, "handle_mm_fault", result == "VM_FAULT_OOM" ? "oom" : "sigbus", text: "The fault returns \(result): "
        + (result == "VM_FAULT_OOM" ? "the page-fault handler calls pagefault_out_of_memory(), which (since v5.16) acts "
          + "only on a memcg OOM; otherwise it warns that VM_FAULT_OOM leaked out and returns, and the access faults "
          + "again. The entry stays device-private; the model stops here instead of looping."
          : "the task gets SIGBUS instead of retrying the access. The entry stays device-private."), failed: true)
      return
    }
    let stillDevice: Bool = switch (machine.processes[process].pmd(at: address), machine.processes[process].pte(at: address)) {
    case (.devicePrivate, _), (.table, .devicePrivate): true
    default: false
    }
    if stillDevice, huge, case .table = machine.processes[process].pmd(at: address) {
      // The kernel does not loop here: the retry meets a PTE, not the PMD it failed on.
      let page = folio(faultPage)
      emit(.fault, function, "refault", pfn: page.pfn, text: "The entry is still device-private, but no longer a "
        + "PMD: split_huge_pmd_address() split the PMD migration entry into PTEs before folio_split_unmapped() "
        + "refused (the fault handler's reference), and finalize restored them as \(page.mapcount) device-private PTEs "
        + "of the order-\(page.order) folio \(MigratePFN.hex(page.pfn)). The access faults again, this time on a PTE: "
        + "do_swap_page() calls migrate_to_ram() for that one page (dmirror sees vmf->pte: order 0).")
      cpuAccess(thread: thread, process: name, address: address, write: write, driver: driver, retried: true)
      return
    }
    if stillDevice, !huge, folio(faultPage).order < orderBefore {
      // The kernel does not loop either: the retry meets an order-0 folio, which the loop's
      // fault folio then names.
      emit(.fault, function, "refault", pfn: faultPage, text: "The entry is still device-private, but collect split the "
        + "order-\(orderBefore) folio first (migrate_vma_split_folio), so the access faults again on an order-0 page"
        + (faultPage == head ? "." : ". This attempt moved nothing: the split moved the fault handler's lock to "
          + "\(MigratePFN.hex(faultPage))'s own piece, and the PTE loop, which compares with the fault folio it read before "
          + "the split, failed its folio_trylock() there. This time do_swap_page() locks that small folio itself."))
      cpuAccess(thread: thread, process: name, address: address, write: write, driver: driver, retried: true)
      return
    }
    if stillDevice {
      let page = folio(faultPage)
      if !kernel.faultPageArrivesLocked, let holder = page.lockedBy {
        // v6.8 took no lock: its migrate_to_ram() failed the trylock at collect, and so will
        // every refault until the holder unlocks the page.
        waitOnFolio(page.pfn, site: .refaultingDevicePage, thread: thread, process: name, address: address,
                    write: write, label: "refault", text: "The entry is still device-private: migrate_to_ram() "
          + "could not lock \(MigratePFN.hex(page.pfn)) (\(holder.rawValue) holds it), so it moved nothing and "
          + "returned 0. \(thread) faults again at once, and again, each time calling migrate_to_ram() for nothing, "
          + "until the page is unlocked (the busy loop v6.15's trylock_page in do_swap_page ended; shown here as one "
          + "wait).")
        return
      }
      emit(.fault, function, "refault", text: "The entry is still device-private: the migration left the page where "
        + "it was, so the access would fault again, and again while that lasts. The model stops here instead of "
        + "looping.", failed: true)
      return
    }
    cpuAccess(thread: thread, process: name, address: address, write: write, driver: driver, retried: true)
  }
}

extension Engine {
  /// The folio's refcount before and after the fault handler's reference, and what holds it:
  /// "refcount 1 → 2: the mapping's and the fault handler's".
  func faultReferences(_ head: PFN) -> String {
    let folio = folio(head)
    let before = folio.refcount - 1
    let others = before - folio.mapcount
    let held = folio.mapcount == 1 ? "the mapping's" : "the \(folio.mapcount) mappings'"
    return "refcount \(before) → \(folio.refcount): " + (others > 0 ? "\(held), \(counted(others, "other reference"))" : held)
      + " and the fault handler's"
  }
}
