import FolioScenario

/// The simulation's working state: the machine being mutated, the steps and changes recorded
/// so far (the changes of the step being built at the end of the log), and a reverse map (folio head → entries naming it) that
/// stands in for the kernel's rmap walk.
struct Engine: MachineReading {
  let scenario: Scenario
  let kernel: KernelVersion
  var machine: Machine
  /// The machine's frame positions, kept beside it (see `FrameIndex`); set whenever `machine`
  /// is replaced.
  var frameIndex: FrameIndex
  var log = StepLog()
  var rmap = ReverseMap(frames: 0)
  /// Violations the engine finds itself (a destination whose contents differ from its
  /// source's); the invariant checker finds the others.
  var violations: [InvariantViolation] = []
  /// Replays and checks the recorded steps, and takes the checkpoints (set by `run`).
  private var checker: CheckerQueue?
  /// How many steps, and boxed changes, were handed to the checker.
  private var handedOver = (steps: 0, boxed: 0)
  /// How far the checker was asked to fault in the log's storage (see `Prefault`).
  private var prefaulted = StorageMark(words: 0, steps: 0)
  /// The call being run (index into `machine.calls`).
  var call = 0
  /// Threads numbered in the order they appear (`T2`, `T3`, …).
  var nextThread = 2
  /// Contents each migrating source held when its migration began, to check none is lost (by
  /// frame position, like the reverse map).
  var expectedContent = ContentLedger(frames: 0)
  /// Per region (by index in `machine.regions`), a pfn below which no page is free (keeps
  /// lowest-first allocation linear); regions not searched yet have none.
  var allocationHints: [PFN] = []
  /// Per pfn an event names, `get_reference` events refused because the page was free, or
  /// never run because the call did not reach their point: the matching `put_reference` events
  /// have nothing to drop (even if the page joined a folio since).
  var refusedReferences: [PFN: Int] = [:]
  /// Calls whose driver gave up and finalized without `migrate_vma_pages`: nothing of theirs
  /// migrated, whatever their arrays say.
  var callsWithoutPages: Set<Int> = []

  init(scenario: Scenario, kernel: KernelVersion) {
    self.scenario = scenario
    self.kernel = kernel
    machine = Machine(kernel: kernel, regions: [], zeroPfn: scenario.memory.zeroPfn, processes: [])
    frameIndex = machine.frames.index
  }

  /// The reference and lock helpers by the names the run's kernel calls them.
  var helpers: HelperNames { HelperNames(pageHelpers: !kernel.namesFolioHelpers) }

  /// Runs smaller than this many pages check their steps in line, not on a second thread.
  static let concurrentCheckPages = 16384
  /// Steps handed to the checker at a time.
  static let batchSteps = 4096
  /// How many batches ahead of the engine the checker faults in the log's storage: more than
  /// it can be behind while it does.
  static let prefaultBatches = CheckerQueue.prefaultWhileWaiting + 16

  /// Builds the initial machine, runs every call and returns the timeline. The steps are
  /// checked on a second thread when `checkConcurrently`, by default for large runs.
  mutating func run(checkConcurrently: Bool? = nil) -> Timeline {
    let pages = scenario.processes.reduce(0) { $0 + $1.vmas.reduce(0) { $0 + $1.pages } }
    let clock = ContinuousClock()
    let started = clock.now
    log.reserve(pages: pages)
    buildInitialMachine()
    let built = clock.now
    checker = CheckerQueue(initial: machine, frameIndex: frameIndex, scenario: scenario,
                           concurrent: checkConcurrently ?? (pages >= Self.concurrentCheckPages))
    log.close(StepSite(phase: .start, function: "scenario", label: "start"), call: nil, slot: nil, pfn: nil,
              body: .ready(startText()), failed: false)
    stepClosed()
    for index in scenario.calls.indices { runCall(index) }
    // The end shows the last call made (a fault's own, when the scenario ends with one).
    call = max(0, machine.calls.count - 1)
    emit(.done, "scenario", "end", text: doneText())
    handOver()
    let recorded = clock.now
    let checked = checker!.finish(engine: machine)
    var timeline = Timeline(scenario: scenario, kernel: kernel, log: log, checkpoints: checked.checkpoints,
                            violations: InvariantViolation.merged(violations, checked.violations),
                            invariantChecks: checked.checks)
    timeline.timings = RunTimings(buildMilliseconds: (built - started).milliseconds,
                                  recordMilliseconds: (recorded - built).milliseconds,
                                  checkWaitMilliseconds: (clock.now - recorded).milliseconds)
    return timeline
  }

  /// After each step: hand the checker the steps recorded since the last batch, once there
  /// are enough of them.
  private mutating func stepClosed() {
    if log.count - handedOver.steps >= Self.batchSteps { handOver() }
  }

  private mutating func handOver() {
    guard let checker, handedOver.steps < log.count else { return }
    var batch = log.batch(handedOver.steps..<log.count, boxedFrom: handedOver.boxed)
    if checker.isConcurrent {
      // Pages as far ahead as `prefaultBatches` batches like this one reach, which the checker,
      // fewer batches behind than that, faults in before the engine gets there.
      let mark = log.mark
      let ahead = StorageMark(words: mark.words + batch.words.count * Self.prefaultBatches,
                              steps: mark.steps + batch.records.count * Self.prefaultBatches)
      let from = StorageMark(words: max(prefaulted.words, mark.words), steps: max(prefaulted.steps, mark.steps))
      prefaulted = StorageMark(words: max(from.words, ahead.words), steps: max(from.steps, ahead.steps))
      batch.prefaults = log.prefaults(from: from, to: prefaulted)
    }
    checker.submit(batch)
    handedOver = (log.count, log.changes.boxedCount)
  }

  // MARK: Recording

  /// Closes the current step with everything changed since the previous one.
  mutating func emit(_ phase: Phase, _ function: String, _ label: String, slot: Int? = nil, pfn: PFN? = nil,
                     text: String, failed: Bool = false) {
    emit(phase, function, label, slot: slot, pfn: pfn, body: .ready(text), failed: failed)
  }

  /// `emit` for a per-slot step, whose text is kept as numbers and written only if someone reads it.
  mutating func emit(_ phase: Phase, _ function: String, _ label: String, slot: Int, pfn: PFN?, text: SlotText,
                     failed: Bool = false) {
    let callIndex = machine.calls.isEmpty ? nil : call
    var text = text
    if !kernel.namesFolioHelpers { text.flags |= SlotText.pageHelpers }
    log.close(StepSite(phase: phase, function: function, label: label), call: callIndex, slot: slot, pfn: pfn,
              text: text, failed: failed)
    stepClosed()
  }

  private mutating func emit(_ phase: Phase, _ function: String, _ label: String, slot: Int?, pfn: PFN?,
                             body: StepText, failed: Bool) {
    let callIndex = machine.calls.isEmpty ? nil : call
    log.close(StepSite(phase: phase, function: function, label: label), call: callIndex, slot: slot, pfn: pfn,
              body: body, failed: failed)
    stepClosed()
  }

  mutating func update(_ pfn: PFN, _ body: (inout PageFrame) -> Void) {
    guard let index = position(of: pfn) else { return }
    // Frames are stored packed: decode once, encode once, and diff the packed words.
    let before = machine.frames.words(at: index)
    var frame = PageFrame(pfn: pfn, words: before)
    body(&frame)
    let after = frame.words
    machine.frames.setWords(at: index, after)
    log.record(pfn: pfn, before: before, after: after)
  }

  mutating func setPTE(_ process: Int, _ address: UInt64, _ pte: PTE) {
    let vpn = address >> 12
    let word = pte.word
    let old = machine.processes[process].ptes.exchange(vpn, word)
    guard old != word else { return }
    let before = PTE(word: old)
    // An entry that keeps naming the same page (present → migration entry, say) keeps its
    // place in the reverse map.
    if before.pfn != pte.pfn {
      unindex(before.pfn, EntryLocation(process: process, isPMD: false, index: vpn))
      index(pte.pfn, EntryLocation(process: process, isPMD: false, index: vpn))
    }
    let bits = PackedEntry(word: old ^ word)
    log.append(.pte(vpn: vpn, pfnBits: bits.pfn, flagBits: bits.flags, process: UInt16(process)))
  }

  mutating func setPMD(_ process: Int, _ address: UInt64, _ pmd: PMD) {
    let index = address >> 21
    let before = machine.processes[process].pmds[index] ?? .table
    guard before != pmd else { return }
    if before.pfn != pmd.pfn {
      unindex(before.pfn, EntryLocation(process: process, isPMD: true, index: index))
      self.index(pmd.pfn, EntryLocation(process: process, isPMD: true, index: index))
    }
    machine.setPMD(process: process, index: index, pmd)
    log.append(.pmd(process: process, index: index, before: before, after: pmd))
  }

  // The running call's arrays and counters, read in place: `machine.calls[call].npages`
  // copied the whole call (retaining its arrays and strings) for every read.
  @inline(__always) func readCall<T>(_ read: (borrowing MigrateCall) -> T) -> T {
    machine.calls.withUnsafeBufferPointer { read($0[call]) }
  }

  @inline(__always) func src(_ slot: Int) -> UInt64 { readCall { $0.src[slot] } }
  @inline(__always) func dst(_ slot: Int) -> UInt64 { readCall { $0.dst[slot] } }
  @inline(__always) var npages: Int { readCall { $0.npages } }
  @inline(__always) var cpages: Int { readCall { $0.cpages } }
  /// Whether any entry of the running call is still MIGRATE (stops at the first that is).
  var anyMigrating: Bool { readCall { $0.src.contains { $0 & MigratePFN.migrate != 0 } } }

  /// Who calls `function` for the running call: the driver, or `migrate_device_coherent_folio()`
  /// itself, where no driver takes part.
  func caller(of function: String) -> String {
    guard readCall({ $0.api }) == .migrateDeviceCoherentFolio else { return "The driver calls \(function)()" }
    return "\(MigrateAPI.migrateDeviceCoherentFolio.name(in: kernel))() calls \(function)() itself (no driver takes part)"
  }

  mutating func setSrc(_ slot: Int, _ value: UInt64) {
    let before = src(slot)
    guard before != value else { return }
    machine.calls[call].src[slot] = value
    log.append(.src(call: call, slot: slot, before: before, after: value))
  }

  mutating func setDst(_ slot: Int, _ value: UInt64) {
    let before = dst(slot)
    guard before != value else { return }
    machine.calls[call].dst[slot] = value
    log.append(.dst(call: call, slot: slot, before: before, after: value))
  }

  mutating func setCounters(cpages: Int? = nil, npages: Int? = nil, setupResult: Int? = nil) {
    let before = machine.counters(of: call)
    var after = before
    if let cpages { after.cpages = cpages }
    if let npages { after.npages = npages }
    if let setupResult { after.setupResult = setupResult }
    guard after != before else { return }
    machine.setCounters(call, after)
    log.append(counters: call, before: before, after: after)
  }

  mutating func addCall(_ newCall: MigrateCall) {
    machine.calls.append(newCall)
    call = machine.calls.count - 1
    log.append(.callAdded(newCall))
  }

  mutating func addWaiter(_ waiter: Waiter) {
    machine.waiters.append(waiter)
    log.append(.waiterAdded(waiter))
  }

  mutating func removeWaiter(_ waiter: Waiter) {
    guard let index = machine.waiters.firstIndex(of: waiter) else { return }
    machine.waiters.remove(at: index)
    log.append(.waiterRemoved(waiter, index: index))
  }
}
