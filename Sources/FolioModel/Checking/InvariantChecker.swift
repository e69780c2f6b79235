import FolioScenario

/// The rules of spec §4.3, checked after every step on a machine of the checker's own that
/// replays the steps as recorded: so a run also proves that its log reproduces what the engine
/// did, which is what seeking relies on. Takes the timeline's checkpoints as it goes. Fed in
/// batches by the engine, on a second thread for a large run (see `CheckerQueue`).
struct InvariantChecker: MachineReading {
  private(set) var machine: Machine
  let frameIndex: FrameIndex
  /// Per frame position: how many page-table entries (PTEs or PMDs, of any process) name that
  /// pfn, and how many of them are migration entries — the checker's stand-in for the rmap.
  private var entriesNaming: [Int32]
  private var migrationEntriesNaming: [Int32]
  /// Their sum: how many migration entries name a simulated page.
  private(set) var migrationEntryCount = 0
  /// References other threads hold, which a migrated source keeps (see I6).
  var references: ReferenceLedger
  /// By call: whether its `migrate_*_pages` ran (a driver that gives up finalizes without it).
  var pagesRan: [Bool] = []
  /// Pfns the scenario's own migration entries name (another, unrelated migration in flight).
  let foreignMigrations: Set<PFN>
  /// The log's boxed changes, as the batches bring them.
  private(set) var boxed: [Change] = []
  private(set) var checkpoints: Checkpoints
  private(set) var violations: [InvariantViolation] = []
  /// How many steps were checked.
  var checks = 0

  /// A checker starting from `initial`, the machine of step 0 of `scenario`, whose frame
  /// positions `frameIndex` gives.
  init(initial: Machine, frameIndex: FrameIndex, scenario: Scenario) {
    machine = initial
    self.frameIndex = frameIndex
    entriesNaming = Array(repeating: 0, count: machine.frames.count)
    migrationEntriesNaming = entriesNaming
    references = ReferenceLedger(scenario: scenario, frameIndex: frameIndex, frames: machine.frames.count)
    foreignMigrations = Set(scenario.processes.flatMap { $0.vmas.flatMap { vma in
      vma.mappings.compactMap { $0.entry == .migration ? $0.pfn : nil }
    } })
    // A migration takes about four steps per page.
    checkpoints = Checkpoints(expectedSteps: 4 * scenario.processes.reduce(0) { $0 + $1.vmas.reduce(0) { $0 + $1.pages } })
    for process in machine.processes {
      for (_, pte) in process.ptes { name(pte.pfn, migration: pte.isMigration, by: 1) }
      for (_, pmd) in process.pmds { name(pmd.pfn, migration: pmd.isMigration, by: 1) }
    }
  }

  /// Replays and checks every step of `batch`, keeping a checkpoint where one is due.
  mutating func consume(_ batch: StepBatch) {
    boxed.append(contentsOf: batch.boxed)
    var start = 0
    for offset in batch.records.indices {
      let step = batch.first + offset
      let entry = batch.step(offset)
      var word = start
      while word < entry.end {
        // Most changes are one-word frame changes: flipped in place, without making a `Change`.
        if let frame = Compact.frame(batch.words[word]) {
          if let position = position(of: frame.pfn) { machine.frames.flip(at: position, word: frame.word, frame.bits) }
          word += 1
          continue
        }
        let change: Change
        (change, word) = ChangeLog.change(in: batch.words, at: word, boxed: boxed)
        apply(change)
      }
      checkpoints.offer(machine, step: step)
      check(step: step, changes: start..<entry.end, of: batch, call: entry.call, pfn: entry.pfn, whole: entry.check)
      start = entry.end
    }
  }

  /// After the last step: the replayed machine must be the engine's.
  mutating func finish(engine: Machine) {
    guard machine != engine else { return }
    fail(checks - 1, "log-replay", "replaying the recorded changes does not give the engine's final machine, so "
      + "stepping through this timeline would show states the engine never had")
  }

  private mutating func apply(_ change: Change) {
    switch change {
    case .pte(let vpn, let pfnBits, let flagBits, let process):
      let words = machine.flipPTE(process: Int(process), vpn: vpn, pfnBits, flagBits)
      let (before, after) = (PTE(word: words.before), PTE(word: words.after))
      rename((before.pfn, before.isMigration), to: (after.pfn, after.isMigration))
    case .pmd(let index, _, _, let process):
      let before = machine.processes[Int(process)].pmd(at: index << 21)
      machine.apply(change)
      let after = machine.processes[Int(process)].pmd(at: index << 21)
      rename((before.pfn, before.isMigration), to: (after.pfn, after.isMigration))
    default:
      machine.apply(change)
    }
  }

  /// An entry changed from naming `before` to naming `after` (a pfn, or none, and whether the
  /// entry is a migration entry).
  private mutating func rename(_ before: (pfn: PFN?, isMigration: Bool), to after: (pfn: PFN?, isMigration: Bool)) {
    name(before.pfn, migration: before.isMigration, by: -1)
    name(after.pfn, migration: after.isMigration, by: 1)
  }

  private mutating func name(_ pfn: PFN?, migration: Bool, by delta: Int32) {
    guard let pfn, let position = position(of: pfn) else { return }
    entriesNaming[position] += delta
    if migration {
      migrationEntriesNaming[position] += delta
      migrationEntryCount += Int(delta)
    }
  }

  /// Whether any page-table entry names `pfn`.
  func isNamed(_ pfn: PFN) -> Bool { position(of: pfn).map { entriesNaming[$0] > 0 } ?? false }

  /// How many migration entries name a page of the folio headed by `head`.
  func migrationEntries(of head: PageFrame) -> Int {
    guard let position = position(of: head.pfn) else { return 0 }
    return (position..<(position + head.pageCount)).reduce(0) { $0 + Int(migrationEntriesNaming[$1]) }
  }

  mutating func fail(_ step: Int, _ rule: String, _ message: String) {
    violations.append(InvariantViolation(step: step, rule: rule, message: message))
  }
}
