/// Meaning checks of `events:`: calls and processes that exist, and locks and references that
/// the other thread really holds when it drops them.
extension ValidationRun {
  func checkEvents() {
    // Events happen in call order, then point order, then file order.
    let points = EventPoint.allCases
    let ordered = scenario.events.enumerated().sorted {
      let a = ($0.element.call, points.firstIndex(of: $0.element.at) ?? 0, $0.offset)
      let b = ($1.element.call, points.firstIndex(of: $1.element.at) ?? 0, $1.offset)
      return a < b
    }
    // By the head pfn of the folio an event names (a page free at the start is its own head).
    var heldRefs: [UInt64: Int] = [:]
    /// How many get_reference and put_reference events came so far, and how many coherent
    /// calls consumed their caller's reference, by head.
    var traffic: [UInt64: (gets: Int, puts: Int, consumed: Int)] = [:]
    var lockedByOther: [UInt64: Bool] = [:]
    // Folios another migration holds from the start: a migration entry names them.
    let migrating = Set(scenario.processes.flatMap(\.vmas).flatMap(\.mappings).compactMap { mapping in
      mapping.entry == .migration ? mapping.pfn.flatMap(folios.folio(containing:)).map { scenario.folios[$0].pfn } : nil
    })
    // migrate_device_coherent_folio consumes its caller's reference as it starts, before its
    // after_finalize point: calls below this index have.
    var consumedBefore = 0
    for (index, event) in ordered {
      let path = "events[\(index)]"
      while consumedBefore <= min(event.call, scenario.calls.count - 1) {
        if case .migrateDeviceCoherentFolio(let pfn) = scenario.calls[consumedBefore], let folio = folios.folio(containing: pfn) {
          let spec = scenario.folios[folio]
          heldRefs[spec.pfn] = max(0, heldRefs[spec.pfn, default: spec.extraRefs] - 1)
          traffic[spec.pfn, default: (0, 0, 0)].consumed += 1
        }
        consumedBefore += 1
      }
      if event.call >= scenario.calls.count {
        error(path + ".call", "there is no call \(event.call); " + (scenario.calls.isEmpty ? "the scenario has no calls"
          : "the scenario's calls are numbered 0…\(scenario.calls.count - 1)"))
      } else {
        checkPointIsReached(event, path)
      }
      switch event.action {
      case .cpuAccess(let process, let address, _):
        if checkName(process, path + ".cpu_access.process", kind: "process", known: processNames) {
          checkAddress(address, in: process, path + ".cpu_access.address")
        }
      case .getReference(let pfn):
        guard let target = target(pfn, path + ".get_reference") else { continue }
        heldRefs[target.head, default: target.extraRefs] += 1
        traffic[target.head, default: (0, 0, 0)].gets += 1
      case .putReference(let pfn):
        guard let target = target(pfn, path + ".put_reference") else { continue }
        let held = heldRefs[target.head, default: target.extraRefs]
        if held == 0 {
          let (gets, puts, consumed) = traffic[target.head] ?? (0, 0, 0)
          let before = puts == 0 && consumed == 0 ? "no get_reference before"
            : "\(gets) get_reference and \(puts) put_reference before"
              + (consumed > 0 ? ", and \(consumed) migrate_device_coherent_folio that consumed its caller's" : "")
              + ": all put already"
          error(path + ".put_reference", "nobody else holds a reference to the folio at \(hex(target.head)) to put "
            + "(extra_refs \(target.extraRefs), \(before)); the refcount would drop below what its mappings hold")
        } else if held == 1 && (lockedByOther[target.head] ?? target.lockedAtStart) {
          warning(path + ".put_reference", "the other thread still holds the lock of the folio at \(hex(target.head)) "
            + "and this puts its last reference: a folio_lock() holder keeps one until it unlocks"
            + (migrating.contains(target.head) ? " (here a migration that a migration entry names holds both)"
               : " (unlock_folio first)"))
        }
        heldRefs[target.head] = max(0, held - 1)
        traffic[target.head, default: (0, 0, 0)].puts += 1
      case .lockFolio(let pfn):
        guard let target = target(pfn, path + ".lock_folio") else { continue }
        if lockedByOther[target.head] ?? target.lockedAtStart {
          warning(path + ".lock_folio", "the other thread already holds the lock of the folio at \(hex(target.head)): "
            + "folio_lock() on a lock it holds would deadlock (unlock_folio first)")
        } else if heldRefs[target.head, default: target.extraRefs] == 0 {
          warning(path + ".lock_folio", "the other thread holds no reference to the folio at "
            + "\(hex(target.head)) (extra_refs 0, no get_reference before): a folio_lock() caller "
            + "always does, and that reference is what keeps a migration from freeing the folio under it")
        }
        lockedByOther[target.head] = true
      case .unlockFolio(let pfn):
        guard let target = target(pfn, path + ".unlock_folio") else { continue }
        if !(lockedByOther[target.head] ?? target.lockedAtStart) {
          let why = lockedByOther[target.head] == false ? "an earlier unlock_folio released it"
            : "no locked_by_other, no lock_folio before"
          error(path + ".unlock_folio", "the other thread does not hold the lock of the folio at \(hex(target.head)) (\(why))")
        } else if lockedByOther[target.head] == nil, migrating.contains(target.head) {
          warning(path + ".unlock_folio", "a migration entry names \(hex(target.head)) from the start: its lock is that "
            + "migration's, released only after remove_migration_ptes(); unlocked now, the entry names an unlocked folio")
        } else if scenario.kernel.faultPageArrivesLocked, event.call < scenario.calls.count,
                  case .migrateVMA(let args) = scenario.calls[event.call],
                  let fault = args.faultPage, folios.folio(containing: fault) == folios.folio(containing: pfn) {
          warning(path + ".unlock_folio", "\(hex(target.head)) is the fault page of calls[\(event.call)]: its lock is "
            + "do_swap_page's, held until migrate_to_ram returns; unlocked mid-migration, its migration entries name an "
            + "unlocked folio")
        }
        lockedByOther[target.head] = false
      }
    }
    checkCallsThatSleepOnALock(ordered.map(\.element))
  }

  /// A warning for an event at a point its call never reaches, which the run drops: a
  /// `cpu_fault` has no event points (a fault that migrates runs its own migrate_to_ram),
  /// `migrate_device_coherent_folio` has no driver steps between setup and finalize, and a
  /// migrate_vma whose setup returns -EINVAL ends there.
  private func checkPointIsReached(_ event: EventSpec, _ path: String) {
    let why: String
    let reached: [EventPoint]
    switch scenario.calls[event.call] {
    case .cpuFault:
      (why, reached) = ("is a cpu_fault, which has no event points", [])
    case .migrateDeviceCoherentFolio:
      (why, reached) = ("is a migrate_device_coherent_folio, which reaches only after_finalize", [.afterFinalize])
    case .migrateVMA:
      if let refusal = refusedAtSetup[event.call] {
        (why, reached) = ("gets -EINVAL from migrate_vma_setup (\(refusal)), so its driver stops after setup", [.afterSetup])
      } else if givesUpInDriver.contains(event.call) {
        (why, reached) = ("fails an allocation on the way to RAM, where dmirror gives up and finalizes at once (when the "
          + "slot is still MIGRATE)", [.afterSetup, .afterFinalize])
      } else {
        return
      }
    case .migrateDeviceRange, .migrateDevicePfns:
      return
    }
    guard !reached.contains(event.at) else { return }
    let fix = reached.isEmpty ? "attach it to a migrate call" : "use at: " + reached.map(\.rawValue).joined(separator: " or ")
    warning(path + ".at", "calls[\(event.call)] \(why): this event at \(event.at.rawValue) never runs; \(fix)")
  }

  /// What an event on `pfn` acts on: the scenario folio holding it, or a page free at the start
  /// (the run may allocate it, as a migration's destination say, before the event comes; if it
  /// is still free then, the event changes nothing). Nil with an error outside memory.
  private func target(_ pfn: UInt64, _ path: String) -> EventTarget? {
    if let index = folios.folio(containing: pfn) {
      let folio = scenario.folios[index]
      return EventTarget(head: folio.pfn, extraRefs: folio.extraRefs, lockedAtStart: folio.lockedByOther)
    }
    guard memory.zone(of: pfn) != nil else {
      error(path, memory.outside(pfn))
      return nil
    }
    return EventTarget(head: pfn, extraRefs: 0, lockedAtStart: false)
  }
}

/// The folio an event names, as the validator follows its references and lock.
private struct EventTarget {
  var head: UInt64
  var extraRefs: Int
  var lockedAtStart: Bool
}
