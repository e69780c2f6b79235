import FolioScenario

extension Engine {
  /// `do_swap_page()` on a device-exclusive entry: `remove_device_exclusive_entry()` gives the
  /// page back to the CPU. `folio_try_get()` (the entry holds a reference, so it succeeds), then
  /// `folio_lock_or_retry()`: a locked folio makes the thread wait for the unlock without taking
  /// the lock, put its reference and retry the fault (VM_FAULT_RETRY). Otherwise
  /// `restore_exclusive_pte()` installs an old present PTE under the folio lock, the device's
  /// mapping is invalidated, and the access is retried through the new PTE.
  ///
  /// The model's entry carries no bits: it stands for the entry `make_device_exclusive()` makes
  /// after a GUP write fault, writable (v6.8 kept that in the entry) and without soft-dirty or
  /// uffd-wp, so the restored PTE has neither (v7.0's `pte_mkdirty()` may set soft-dirty).
  mutating func removeDeviceExclusiveEntry(thread: String, process: Int, vma: VMA, address: UInt64, pfn: PFN,
                                           write: Bool, driver: DriverSpec, access: String) {
    let function = "remove_device_exclusive_entry"
    let head = folio(pfn)
    let name = machine.processes[process].name
    if let holder = head.lockedBy {
      update(head.pfn) { $0.refcount += 1 }
      waitOnFolio(head.pfn, site: .deviceExclusive, thread: thread, process: name, address: address, write: write,
                  label: "wait", text: "\(access): the PTE is a device-exclusive entry for "
        + "\(MigratePFN.hex(pfn)). do_swap_page() → remove_device_exclusive_entry(): folio_try_get() takes a reference "
        + "(refcount \(head.refcount) → \(folio(head.pfn).refcount)), but folio_lock_or_retry() finds "
        + "\(MigratePFN.hex(head.pfn)) locked (\(holder.rawValue) holds it), so on this first try it drops the mmap lock "
        + "and \(thread) sleeps until the folio is unlocked, holding that reference but not the lock; then folio_put() "
        + "and VM_FAULT_RETRY: the fault is made again.")
      return
    }
    // restore_exclusive_pte(): mk_pte + pte_mkold. v7.0 asks can_change_pte_writable() (a
    // private anon page: PageAnonExclusive) and makes it dirty only if the folio is; v6.8 makes
    // a writable entry's PTE writable (maybe_mkwrite) and dirty (pte_mkdirty) always.
    var bits = PresentBits(pfn: pfn)
    let exclusive = frame(pfn).anonExclusive
    if kernel.deviceExclusiveIsMapped {
      if vma.writable && exclusive {
        bits.write = true
        if head.dirty { bits.mkdirty() }
      }
    } else {
      bits.mkdirty()
      bits.write = vma.writable
    }
    // folio_try_get() and folio_lock_or_retry() hold the folio for restore_exclusive_pte().
    update(head.pfn) { $0.lockedBy = .faultHandler; $0.refcount += 1 }
    setPTE(process, address, .present(bits))
    // v6.8's entry was no mapping: folio_add_anon_rmap_pte(RMAP_NONE) maps it again, on the
    // reference the entry held. From v6.15 the entry already counted as a mapping.
    if !kernel.deviceExclusiveIsMapped { update(head.pfn) { $0.mapcount += 1 } }
    let made = bits.write ? "writable" + (bits.dirty ? " and dirty (pte_mkdirty, so soft-dirty too)" : ", clean")
      : "read-only"
    let why = kernel.deviceExclusiveIsMapped
      ? (bits.write ? " (VM_WRITE and the page is PageAnonExclusive: can_change_pte_writable()"
          + (head.dirty ? "; the folio is dirty" : "") + ")"
        : vma.writable ? " (can_change_pte_writable() refuses: the page is not PageAnonExclusive)" : " (no VM_WRITE)")
      : (bits.write ? " (v6.8: the entry was writable, maybe_mkwrite(pte_mkdirty()))"
        : " (v6.8: pte_mkdirty(), but maybe_mkwrite() finds no VM_WRITE)")
    let notifier = kernel.deviceExclusiveIsMapped ? "MMU_NOTIFY_CLEAR" : "MMU_NOTIFY_EXCLUSIVE"
    emit(.fault, function, "restore", pfn: pfn, text: "\(access): the PTE is a device-exclusive entry for "
      + "\(MigratePFN.hex(pfn)). do_swap_page() → remove_device_exclusive_entry(): folio_try_get() takes a reference "
      + "(refcount \(head.refcount) → \(folio(head.pfn).refcount)) and folio_lock_or_retry() the lock of "
      + "\(MigratePFN.hex(head.pfn)); the \(notifier) notifier makes the device drop its exclusive mapping; "
      + "restore_exclusive_pte() installs an old, \(made) present PTE\(why)"
      + (kernel.deviceExclusiveIsMapped ? ". The entry was a mapping already: mapcount \(head.mapcount) stays."
        : " and re-adds the rmap on the reference the entry held: mapcount \(folio(head.pfn).mapcount)."))
    update(head.pfn) { $0.lockedBy = nil }
    putFolio(head.pfn)
    emit(.fault, function, "release", pfn: head.pfn, text: "folio_unlock() and folio_put(): \(MigratePFN.hex(head.pfn)) "
      + "is unlocked again, refcount \(folio(head.pfn).refcount). remove_device_exclusive_entry() returns 0, so the "
      + "access is made again through the new PTE.")
    wakeWaiters()
    cpuAccess(thread: thread, process: name, address: address, write: write, driver: driver, retried: true)
  }
}
