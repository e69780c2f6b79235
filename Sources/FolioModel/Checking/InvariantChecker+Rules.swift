import FolioScenario

extension InvariantChecker {
  /// Checks the rules of spec §4.3 after step `step` (whose changes are `changes` of `batch`'s
  /// words): local rules on everything the step changed, and the whole-call rule it triggers.
  mutating func check(step: Int, changes: Range<Int>, of batch: StepBatch, call: Int?, pfn: PFN?,
                      whole: StepBatch.WholeCheck) {
    checks += 1
    var lastPfn: PFN?
    var word = changes.lowerBound
    while word < changes.upperBound {
      if let frame = Compact.frame(batch.words[word]) {
        checkFrame(pfn: frame.pfn, step: step, last: &lastPfn)
        word += 1
        continue
      }
      let change: Change
      (change, word) = ChangeLog.change(in: batch.words, at: word, boxed: boxed)
      switch change {
      case .frame(let pfn, _, _): checkFrame(pfn: pfn, step: step, last: &lastPfn)
      case .pte(let vpn, _, _, let process):
        checkEntry(machine.processes[Int(process)].pte(at: vpn << 12), address: vpn << 12, step: step)
      case .pmd(let index, _, _, let process):
        if case .migration(let entry) = machine.processes[Int(process)].pmd(at: index << 21) {
          checkMigrationEntry(naming: entry.pfn, address: index << 21, step: step)
        }
      default: break
      }
    }
    switch whole {
    case .none: break
    case .afterSetup: checkAfterSetup(call: call ?? 0, step: step)
    case .afterFinalize: checkAfterFinalize(call: call ?? 0, step: step)
    case .atEnd: checkAtEnd(step: step)
    case .referenceTaken, .referenceDropped:
      if let position = pfn.flatMap(position(of:)) { references.change(at: position, by: whole == .referenceTaken ? 1 : -1) }
    case .referenceHandedOver:
      // Unless the lock step slept (another thread holds the lock): then nothing was handed over.
      if let pfn, folio(pfn).lockedBy == .migration, let position = position(of: folio(pfn).pfn) {
        references.change(at: position, by: -1)
      }
    case .pagesRan:
      let call = call ?? 0
      if call >= pagesRan.count { pagesRan += Array(repeating: false, count: call + 1 - pagesRan.count) }
      pagesRan[call] = true
    }
  }

  /// The rules for the folio of `pfn`, unless `last`, the frame the step's previous change
  /// named, is the same: one update records a change per packed word; its frame is checked once.
  private mutating func checkFrame(pfn: PFN, step: Int, last: inout PFN?) {
    guard pfn != last else { return }
    last = pfn
    if position(of: pfn) != nil { checkFrame(folio(pfn), step: step) }
  }

  /// I7 and the free-page rules for one folio (`page` is its head).
  private mutating func checkFrame(_ page: PageFrame, step: Int) {
    let head = page.pfn
    // Written only when a rule breaks: formatting it for each of millions of checks cost more than the checks.
    func hex() -> String { MigratePFN.hex(head) }
    // One comparison on the common path: both refcount rules concern a count of 0 or less.
    if page.refcount <= 0 {
      if page.refcount < 0 { fail(step, "I7", "\(hex()) has a negative refcount \(page.refcount)") }
      // The put that drops the last reference frees the folio (to the buddy allocator or, for
      // a device page, to its driver): a folio no one holds is a leak.
      else if !page.free { fail(step, "I7", "\(hex()) has refcount 0 but was not freed") }
    }
    if page.mapcount < 0 { fail(step, "I7", "\(hex()) has a negative mapcount \(page.mapcount)") }
    if page.refcount < page.mapcount { fail(step, "I7", "\(hex()): refcount \(page.refcount) < mapcount \(page.mapcount)") }
    if page.free && (page.refcount != 0 || page.isLocked || isNamed(head)) {
      let uses = [page.refcount != 0 ? "refcount \(page.refcount)" : nil,
                  page.lockedBy.map { "PG_locked (held by \($0.rawValue))" },
                  isNamed(head) ? "a page-table entry naming it" : nil].compactMap { $0 }
      fail(step, "free-and-used", "\(hex()) is free but still has " + uses.joined(separator: " and "))
    }
    if page.zone.isDevice && page.lru { fail(step, "I3", "device folio \(hex()) is on the LRU") }
    // The kernel removes a folio's migration entries (remove_migration_ptes) before it unlocks it.
    if !page.isLocked && !page.free, case let named = migrationEntries(of: page), named > 0, !isForeign(page) {
      fail(step, "I3", "\(hex()) is unlocked while \(named) migration entr\(named == 1 ? "y names" : "ies name") it")
    }
    if page.mapping == .anon && page.order == 0 && page.anonExclusive && page.mapcount > 1 {
      fail(step, "I7", "\(hex()) is PageAnonExclusive with mapcount \(page.mapcount)")
    }
  }

  /// I3 for one page-table entry.
  private mutating func checkEntry(_ pte: PTE, address: UInt64, step: Int) {
    switch pte {
    case .migration(let entry): checkMigrationEntry(naming: entry.pfn, address: address, step: step)
    case .present(let bits):
      if position(of: bits.pfn) != nil, frame(bits.pfn).zone == .devicePrivate {
        fail(step, "I3", "present PTE at \(MigratePFN.hex(address)) maps device-private \(MigratePFN.hex(bits.pfn))")
      }
    default: break
    }
  }

  /// I3 for a migration entry (PTE or PMD) naming `pfn`: its folio must be locked.
  private mutating func checkMigrationEntry(naming pfn: PFN, address: UInt64, step: Int) {
    if position(of: pfn) != nil, !folio(pfn).isLocked, !foreignMigrations.contains(pfn) {
      fail(step, "I3", "migration entry at \(MigratePFN.hex(address)) names unlocked \(MigratePFN.hex(pfn))")
    }
  }

  /// Whether a page of the folio headed by `head` is named by one of the scenario's own
  /// migration entries (another migration in flight, outside the model).
  private func isForeign(_ head: PageFrame) -> Bool {
    !foreignMigrations.isEmpty && foreignMigrations.contains { $0 >= head.pfn && $0 < head.pfn + UInt64(head.pageCount) }
  }

  /// I1 and I2: legal src states, cpages, dst cleared, and every V|M folio locked, unmapped, isolated.
  private mutating func checkAfterSetup(call: Int, step: Int) {
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

  /// I6: no migration entry is left for the call's folios, and all are unlocked but the fault
  /// folio. A folio is checked once for a run of slots naming its pages.
  private mutating func checkAfterFinalize(call: Int, step: Int) {
    let current = machine.calls[call]
    var lastHeads: (src: PFN?, dst: PFN?)
    var lastOutcome: PFN?
    for slot in current.src.indices {
      checkAfterFinalize(current.src[slot], call: call, step: step, lastHead: &lastHeads.src)
      checkAfterFinalize(current.dst[slot], call: call, step: step, lastHead: &lastHeads.dst)
      checkOutcome(src: current.src[slot], dst: current.dst[slot], call: call, step: step, lastDst: &lastOutcome)
    }
  }

  /// I6's references: a destination that took over (src still MIGRATE) holds one reference
  /// per mapping plus its cache's, and its source is no longer mapped; a destination that did
  /// not is freed back to its allocator. Either also keeps the references other threads took on
  /// it (a GUP of the new page, say).
  private mutating func checkOutcome(src: UInt64, dst: UInt64, call: Int, step: Int, lastDst: inout PFN?) {
    guard let pfn = MigratePFN.page(dst) else { return }
    let destination = folio(pfn)
    guard destination.pfn != lastDst else { return }
    lastDst = destination.pfn
    let held = position(of: destination.pfn).map { references.held(at: $0) } ?? 0
    guard src & MigratePFN.migrate != 0 else {
      if !destination.free && destination.refcount != held {
        fail(step, "I6", "\(MigratePFN.hex(destination.pfn)) did not take over but was not freed (refcount "
          + "\(destination.refcount)\(held > 0 ? ", \(held) held elsewhere" : ""))")
      }
      return
    }
    let caches = destination.cacheReferencesPerPage
    let expected = destination.mapcount + caches * destination.pageCount + held
    if !destination.free && destination.refcount != expected {
      fail(step, "I6", "\(MigratePFN.hex(destination.pfn)) took over with refcount \(destination.refcount), not its "
        + "\(destination.mapcount) mapping(s)\(caches > 0 ? " + cache" : "")\(held > 0 ? " + \(held) held elsewhere" : "") = \(expected)")
    }
    guard let source = MigratePFN.page(src).map({ folio($0) }) else { return }
    if source.mapcount > 0 {
      fail(step, "I6", "the source \(MigratePFN.hex(source.pfn)) migrated but is still mapped \(source.mapcount) time(s)")
    }
    // Freed, unless references held elsewhere keep it (the kernel's checks let some through:
    // a ZONE_DEVICE folio's allows one extra), or the fault handler's, which do_swap_page
    // drops next (a coherent-folio caller's was handed over to the migration, see
    // `referenceHandedOver`). A driver that gave up
    // finalized without migrate_vma_pages: its source kept its caches and mapping, so its
    // count says nothing.
    guard source.mapcount == 0, call < pagesRan.count, pagesRan[call], let position = position(of: source.pfn) else { return }
    // The model's own fault handler's reference; a hand-written fault_page call's is among the
    // folio's extra references, already held elsewhere.
    let fault = machine.calls[call].faultHandlerInModel
      && machine.calls[call].faultPage.map { folio($0).pfn == source.pfn } ?? false
    let heldElsewhere = max(0, references.held(at: position)) + (fault ? 1 : 0)
    if source.refcount != heldElsewhere {
      fail(step, "I6", "the source \(MigratePFN.hex(source.pfn)) migrated but has refcount \(source.refcount), not the "
        + "\(heldElsewhere) reference(s) held elsewhere\(fault ? " (with the fault handler's)" : "")")
    }
  }

  /// I6 for the folio one src or dst entry names, unless it is `lastHead`, the folio the
  /// array's previous entry named.
  private mutating func checkAfterFinalize(_ mpfn: UInt64, call: Int, step: Int, lastHead: inout PFN?) {
    guard let pfn = MigratePFN.page(mpfn), !frame(pfn).free else { return }
    let head = folio(pfn)
    guard head.pfn != lastHead else { return }
    lastHead = head.pfn
    if head.isLocked && !isLockedFaultFolio(head.pfn, call: call) {
      fail(step, "I6", "\(MigratePFN.hex(head.pfn)) is still locked (\(head.lockedBy?.rawValue ?? "")) after finalize")
    }
    guard migrationEntryCount > 0, migrationEntries(of: head) > 0 else { return }
    for address in migrationEntryAddresses(of: head) {
      fail(step, "I6", "a migration entry for \(MigratePFN.hex(head.pfn)) is left at \(MigratePFN.hex(address))")
    }
  }

  /// Where the migration entries naming a page of `head`'s folio are, by process, PMDs first,
  /// then by address (the order the engine's rmap walks them). Only read when I6 fails.
  private func migrationEntryAddresses(of head: PageFrame) -> [UInt64] {
    let pages = head.pfn..<(head.pfn + UInt64(head.pageCount))
    return machine.processes.flatMap { process in
      process.pmds.sorted { $0.key < $1.key }.compactMap { index, pmd in
        pmd.isMigration && pmd.pfn.map(pages.contains) == true ? index << 21 : nil
      } + process.ptes.compactMap { vpn, pte in pte.isMigration && pte.pfn.map(pages.contains) == true ? vpn << 12 : nil }
    }
  }

  /// At the end: every lock the simulation took was released, no thread is left waiting.
  private mutating func checkAtEnd(step: Int) {
    for position in machine.frames.indices {
      // The rule reads only the frame's words; its pfn is worked out only for a failure.
      let words = machine.frames.words(at: position)
      guard PageFrame.headOffset(word2: words.2) == 0, let holder = PageFrame(pfn: 0, words: words).lockedBy,
            holder != .otherThread else { continue }
      fail(step, "locks-released", "\(MigratePFN.hex(frameIndex.pfn(at: position))) is still locked by \(holder.rawValue)")
    }
  }
}
