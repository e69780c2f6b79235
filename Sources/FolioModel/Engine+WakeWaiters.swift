import FolioScenario

/// `folio_unlock()`'s wake-up: the threads asleep on a folio lock, and those refaulting on one.
extension Engine {
  /// Wakes every thread sleeping on a folio lock that is now free, then retries their accesses
  /// in turn: one folio_unlock() wakes all its sleepers at once, so a retry that runs a
  /// migration of its own finds none of them still asleep. A sleeper in folio_lock() takes the
  /// lock, and one refaulting on a trylock needs it free; the others only waited for the unlock,
  /// so they wake even when a folio_lock() sleeper took the lock first.
  mutating func wakeWaiters() {
    var woken: [Waiter] = []
    let unlocked = Set(machine.waiters.filter { !folio($0.folio).isLocked }.map(\.folio))
    // folio_unlock() hands PG_locked to a folio_lock() sleeper (the waker sets the bit for it),
    // so a thread refaulting on a trylock never sees the folio free, whichever came first.
    let sleepersFirst = machine.waiters.filter(\.takesLock) + machine.waiters.filter { !$0.takesLock }
    for waiter in sleepersFirst where unlocked.contains(waiter.folio) {
      if (waiter.takesLock || waiter.site.refaults) && folio(waiter.folio).isLocked { continue }
      removeWaiter(waiter)
      if waiter.takesLock {
        let freed = folio(waiter.folio).free
        if !freed { update(waiter.folio) { $0.lockedBy = .otherThread } }
        emit(.event, "folio_lock", "lock", pfn: waiter.folio, text: "\(MigratePFN.hex(waiter.folio)) was unlocked: the "
          + "other thread wakes up in folio_lock() and " + (freed ? "finds it freed: it held no reference, which a "
          + "folio_lock() caller must (in the kernel this is a use-after-free); the model drops the wait." : "takes PG_locked."))
        continue
      }
      let retry = "its \(waiter.write ? "write" : "read") of \(MigratePFN.hex(waiter.address))"
      if waiter.site.holdsReference { putFolio(waiter.folio) }
      let wake = switch waiter.site {
      case .refaultingPMD: "\(waiter.thread), refaulting all along, now gets past folio_trylock() with \(retry)."
      case .refaultingDevicePage: "\(waiter.thread), refaulting all along, faults again with \(retry), and this "
        + "time migrate_to_ram() can lock the page."
      default: "\(waiter.thread) wakes up" + (waiter.site.holdsReference ? ", puts the reference it slept with "
        + "(folio_put(): refcount \(folio(waiter.folio).refcount))" : "") + " and retries \(retry)."
      }
      emit(.fault, waiter.site.function, waiter.site.refaults ? "refault" : "wake", pfn: waiter.folio,
           text: "\(MigratePFN.hex(waiter.folio)) was unlocked: " + wake)
      woken.append(waiter)
    }
    for waiter in woken {
      let saved = call
      cpuAccess(thread: waiter.thread, process: waiter.process, address: waiter.address, write: waiter.write,
                driver: DriverSpec(), retried: true)
      call = saved
    }
  }

  /// A thread whose access met a locked folio goes to wait at `site` (asleep, or refaulting):
  /// the waiter is recorded, and one step of the site's function, at `label`, says why.
  mutating func waitOnFolio(_ folio: PFN, site: WaitSite, thread: String, process: String, address: UInt64,
                            write: Bool, label: String, text: String) {
    addWaiter(Waiter(thread: thread, process: process, address: address, write: write, folio: folio, site: site))
    emit(.fault, site.function, label, pfn: folio, text: text)
  }
}
