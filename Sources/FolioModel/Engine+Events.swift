import FolioScenario

extension Engine {
  /// One scenario event: another thread touches memory, takes or drops a lock or a reference.
  mutating func runEvent(_ action: EventAction) {
    let saved = call
    defer { call = saved }
    switch action {
    case .cpuAccess(let process, let address, let write):
      let thread = "T\(nextThread)"
      nextThread += 1
      cpuAccess(thread: thread, process: process, address: address, write: write, driver: DriverSpec())
    case .lockFolio(let pfn):
      let head = folio(pfn).pfn
      guard !folio(head).free else {
        emit(.event, "folio_lock", "free", pfn: head, text: "Another thread would lock \(MigratePFN.hex(head)), but it "
          + "is free (back with its allocator): nothing maps it, so no thread can reach it to lock it, and nothing "
          + "happens.", failed: true)
        return
      }
      if let holder = folio(head).lockedBy {
        addWaiter(Waiter(thread: "other", process: "", address: 0, write: false, folio: head, site: .folioLock))
        emit(.event, "folio_lock", "wait", pfn: head, text: "Another thread calls folio_lock() on "
          + "\(MigratePFN.hex(head)), but \(holder.rawValue) holds PG_locked: it sleeps until the lock is released.")
        return
      }
      update(head) { $0.lockedBy = .otherThread }
      emit(.event, "folio_lock", "lock", pfn: head, text: "Another thread takes PG_locked on \(MigratePFN.hex(head)).")
    case .unlockFolio(let pfn):
      let head = folio(pfn).pfn
      guard folio(head).lockedBy == .otherThread else {
        let asleep = machine.waiters.contains { $0.takesLock && $0.folio == head }
        emit(.event, "folio_unlock", "not_held", pfn: head, text: "The other thread does not hold PG_locked on "
          + "\(MigratePFN.hex(head))" + (asleep ? " (it is still asleep in folio_lock())" : "")
          + ", so it cannot release it: nothing changes.", failed: true)
        return
      }
      update(head) { $0.lockedBy = nil }
      emit(.event, "folio_unlock", "unlock", pfn: head, text: "That thread releases PG_locked on \(MigratePFN.hex(head)).")
      wakeWaiters()
    case .getReference(let pfn):
      let head = folio(pfn).pfn
      guard !folio(head).free else {
        // Kept by the pfn the event names: by the time of the put, that page may belong to
        // another folio (allocated since), whose head is elsewhere.
        refusedReferences[pfn, default: 0] += 1
        emit(.event, "folio_get", "free", pfn: head, text: "Someone would take a reference on \(MigratePFN.hex(head)), "
          + "but it is free (back with its allocator): nothing maps it, so get_user_pages cannot find it, and no "
          + "reference is taken.", failed: true)
        return
      }
      update(head) { $0.refcount += 1 }
      emit(.event, "folio_get", "get", pfn: head, text: "Someone takes a reference on \(MigratePFN.hex(head)) (e.g. "
        + "get_user_pages): refcount \(folio(head).refcount).")
    case .putReference(let pfn):
      let head = folio(pfn).pfn
      if let refused = refusedReferences[pfn], refused > 0 {
        refusedReferences[pfn] = refused - 1
        emit(.event, "folio_put", "none", pfn: head, text: "The reference to drop on \(MigratePFN.hex(head)) was never "
          + "taken (its get_reference found the page free, or never ran: the call gave up before its point), so "
          + "nothing is dropped.", failed: true)
        return
      }
      // A page freed since (its last reference went with an earlier put): nobody holds one.
      guard !folio(head).free else {
        emit(.event, "folio_put", "none", pfn: head, text: "\(MigratePFN.hex(head)) is free (its last reference is "
          + "gone): nobody holds a reference to it, so nothing is dropped.", failed: true)
        return
      }
      putFolio(head)
      emit(.event, "folio_put", "put", pfn: head, text: "That reference on \(MigratePFN.hex(head)) is dropped: "
        + (folio(head).free ? "the folio is freed." : "refcount \(folio(head).refcount)."))
    }
  }
}
