import FolioScenario

extension Engine {
  /// Checks the rules of spec §4.3 after the step just recorded: local rules on everything the
  /// step changed, I1/I2 when setup returns, I6 when finalize ends, and at the very end that
  /// every lock taken was released and no migration entry was left behind.
  mutating func checkInvariants() {
    guard log.count > 0 else { return }
    let index = log.count - 1
    invariantChecks += 1
    var lastPfn: PFN?
    // The step's changes are read in place from the log: making the `Step` value, or even an
    // iterator holding a copy of the log, costs more than the checks for most steps.
    let words = log.changeWords(of: index)
    var word = words.lowerBound
    while word < words.upperBound {
      let change: Change
      (change, word) = log.changes.change(at: word)
      switch change {
      case .frame(let pfn, _, _) where pfn != lastPfn:
        // One update records a change per packed word; check its frame once.
        lastPfn = pfn
        if position(of: pfn) != nil { checkFrame(folio(pfn), step: index) }
      case .pte(let vpn, _, _, let process):
        let after = machine.processes[Int(process)].ptes[vpn] ?? .none
        checkEntry(after, process: Int(process), address: vpn << 12, step: index)
      default: break
      }
    }
    // Only the rare setup, finalize and end steps have whole-call checks.
    switch log.phase(of: index) {
    case .setup where log.label(of: index) == "return": checkAfterSetup(step: index)
    case .finalize where log.label(of: index) == "done": checkAfterFinalize(step: index)
    case .done: checkAtEnd(step: index)
    default: break
    }
  }

  private mutating func fail(_ step: Int, _ rule: String, _ message: String) {
    violations.append(InvariantViolation(step: step, rule: rule, message: message))
  }

  /// I7 and the free-page rules for one folio (`page` is its head).
  private mutating func checkFrame(_ page: PageFrame, step: Int) {
    let head = page.pfn
    // Written only when a rule breaks: formatting it for each of millions of checks cost more than the checks.
    func hex() -> String { MigratePFN.hex(head) }
    if page.refcount < 0 { fail(step, "I7", "\(hex()) has a negative refcount \(page.refcount)") }
    if page.mapcount < 0 { fail(step, "I7", "\(hex()) has a negative mapcount \(page.mapcount)") }
    if page.refcount < page.mapcount { fail(step, "I7", "\(hex()): refcount \(page.refcount) < mapcount \(page.mapcount)") }
    if page.free && (page.refcount != 0 || page.isLocked || isMapped(head)) {
      fail(step, "free-and-used", "\(hex()) is free but has refcount \(page.refcount), a lock or a mapping")
    }
    if page.zone.isDevice && page.lru { fail(step, "I3", "device folio \(hex()) is on the LRU") }
    if page.mapping == .anon && page.order == 0 && page.anonExclusive && page.mapcount > 1 {
      fail(step, "I7", "\(hex()) is PageAnonExclusive with mapcount \(page.mapcount)")
    }
  }

  /// I3 for one page-table entry.
  private mutating func checkEntry(_ pte: PTE, process: Int, address: UInt64, step: Int) {
    switch pte {
    case .migration(let entry):
      if position(of: entry.pfn) != nil, !folio(entry.pfn).isLocked, !initialForeignMigration(entry.pfn) {
        fail(step, "I3", "migration entry at \(MigratePFN.hex(address)) names unlocked \(MigratePFN.hex(entry.pfn))")
      }
    case .present(let bits):
      if position(of: bits.pfn) != nil, frame(bits.pfn).zone == .devicePrivate {
        fail(step, "I3", "present PTE at \(MigratePFN.hex(address)) maps device-private \(MigratePFN.hex(bits.pfn))")
      }
    default: break
    }
  }

  /// A migration entry the scenario itself started with (another, unrelated migration).
  func initialForeignMigration(_ pfn: PFN) -> Bool {
    scenario.processes.contains { $0.vmas.contains { $0.mappings.contains { $0.entry == .migration && $0.pfn == pfn } } }
  }

  /// I1 and I2: legal src states, cpages, dst cleared, and every V|M folio locked, unmapped, isolated.
  private mutating func checkAfterSetup(step: Int) {
    let current = machine.calls[call]
    var migrating = 0
    for (slot, mpfn) in current.src.enumerated() {
      if current.dst[slot] != 0 { fail(step, "I1", "dst[\(slot)] is not 0 after setup") }
      guard mpfn & MigratePFN.migrate != 0 else {
        if mpfn != 0 { fail(step, "I1", "src[\(slot)] = \(MigratePFN.hex(mpfn)) is not a legal state after setup") }
        continue
      }
      migrating += 1
      guard let pfn = MigratePFN.page(mpfn) else { continue }
      let head = folio(pfn)
      if !head.isLocked { fail(step, "I2", "src[\(slot)] folio \(MigratePFN.hex(head.pfn)) is not locked") }
      if head.mapcount != 0 { fail(step, "I2", "src[\(slot)] folio \(MigratePFN.hex(head.pfn)) is still mapped") }
      if head.zone == .normal && head.lru { fail(step, "I2", "src[\(slot)] folio \(MigratePFN.hex(head.pfn)) is on the LRU") }
    }
    if migrating != current.cpages { fail(step, "I1", "cpages \(current.cpages) ≠ \(migrating) MIGRATE entries") }
  }

  /// I6: no migration entries left for the call's folios, all unlocked but the fault folio,
  /// sources that migrated freed (or held only by the fault handler).
  private mutating func checkAfterFinalize(step: Int) {
    let current = machine.calls[call]
    for slot in current.src.indices {
      checkAfterFinalize(current.src[slot], step: step)
      checkAfterFinalize(current.dst[slot], step: step)
    }
  }

  /// I6 for the folio one src or dst entry names.
  private mutating func checkAfterFinalize(_ mpfn: UInt64, step: Int) {
    guard let pfn = MigratePFN.page(mpfn), !frame(pfn).free else { return }
    let head = folio(pfn)
    if head.isLocked && !isLockedFaultFolio(head.pfn) {
      fail(step, "I6", "\(MigratePFN.hex(head.pfn)) is still locked (\(head.lockedBy?.rawValue ?? "")) after finalize")
    }
    for location in entries(of: head.pfn) {
      let entry = location.isPMD ? pmd(at: location).map { PTE.migrationIfAny($0) } ?? nil : pte(at: location)
      if case .some(.migration) = entry {
        fail(step, "I6", "a migration entry for \(MigratePFN.hex(head.pfn)) is left at \(MigratePFN.hex(location.address))")
      }
    }
  }

  /// At the end: every lock the simulation took was released, no thread is left waiting.
  private mutating func checkAtEnd(step: Int) {
    for page in machine.frames where page.isHead {
      if let holder = page.lockedBy, holder != .otherThread {
        fail(step, "locks-released", "\(MigratePFN.hex(page.pfn)) is still locked by \(holder.rawValue)")
      }
    }
  }
}

extension PTE {
  /// A PMD migration entry seen as a PTE-level one, for the "no migration entry left" check.
  static func migrationIfAny(_ pmd: PMD) -> PTE? {
    if case .migration(let entry) = pmd { return .migration(entry) }
    return nil
  }
}
