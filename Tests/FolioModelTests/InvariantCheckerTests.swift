@testable import FolioModel
import FolioScenario
import Testing

/// The invariant checker must report a broken rule at the step that broke it: it is fed steps
/// whose changes break one rule each, on the machine of a one-page scenario (pfn 0x100, mapped
/// writable at slot 0 of process A).
@Suite("Invariant checker")
struct InvariantCheckerTests {
  static let scenario = specScenario(
    folios: [FolioSpec(pfn: 0x100)], mappings: [MappingSpec(page: 0, entry: .present, pfn: 0x100, write: true)])

  /// A checker on the scenario's initial machine that has checked `steps` (each a list of
  /// changes, recorded as collect steps after an empty step 0).
  static func checked(_ steps: [[Change]]) -> InvariantChecker {
    var checker = InvariantChecker(scenario: scenario, kernel: .v7_0)
    var log = StepLog()
    for changes in [[]] + steps {
      for change in changes { log.append(change) }
      log.close(StepSite(phase: .collect, function: "test", label: "test"), call: nil, slot: nil, pfn: nil,
                body: .ready(""), failed: false)
    }
    checker.consume(log.batch(0..<log.count, boxedFrom: 0))
    return checker
  }

  /// The frame changes that turn `pfn`'s frame in `checker`'s machine into what `edit` makes of it.
  static func frameChanges(_ pfn: PFN, _ edit: (inout PageFrame) -> Void) -> [Change] {
    let before = InvariantChecker(scenario: scenario, kernel: .v7_0).frame(pfn)
    var after = before
    edit(&after)
    let pairs = [(before.words.0, after.words.0), (before.words.1, after.words.1), (before.words.2, after.words.2),
                 (before.words.3, after.words.3)]
    return pairs.enumerated().compactMap { word, pair in
      pair.0 == pair.1 ? nil : .frame(pfn: pfn, bits: pair.0 ^ pair.1, word: UInt8(word))
    }
  }

  /// The change that turns process A's PTE at `slot` from `before` into `after`.
  static func pteChange(slot: Int, from before: PTE, to after: PTE) -> Change {
    let bits = before.packed ^ after.packed
    return .pte(vpn: address(slot) >> 12, pfnBits: bits.pfn, flagBits: bits.flags, process: 0)
  }

  static let present = PTE.present(PresentBits(pfn: 0x100, write: true))

  @Test func aFaithfulStepBreaksNothing() {
    let checker = Self.checked([Self.frameChanges(0x100) { $0.lockedBy = .migration }])
    #expect(checker.violations.isEmpty)
    #expect(checker.checks == 2)
  }

  @Test func aNegativeRefcountIsI7AtItsStep() {
    let checker = Self.checked([[], Self.frameChanges(0x100) { $0.refcount = -1 }])
    #expect(checker.violations.map(\.rule) == ["I7", "I7"], "negative, and below the mapcount")
    #expect(checker.violations.allSatisfy { $0.step == 2 })
    #expect(checker.violations.first?.message == "0x100 has a negative refcount -1")
  }

  @Test func aFreedPageStillMappedIsFreeAndUsed() {
    let checker = Self.checked([Self.frameChanges(0x100) { $0 = PageFrame(pfn: 0x100, zone: .normal, region: 0) }])
    #expect(checker.violations.map(\.rule) == ["free-and-used"])
    #expect(checker.violations.first?.step == 1)
    #expect(checker.violations.first?.message == "0x100 is free but still has a page-table entry naming it")
  }

  @Test func aMigrationEntryForAnUnlockedPageIsI3() {
    let entry = PTE.migration(MigrationEntry(pfn: 0x100, kind: .write))
    let unlocked = Self.checked([[Self.pteChange(slot: 0, from: Self.present, to: entry)]])
    #expect(unlocked.violations.map(\.rule) == ["I3"])
    #expect(unlocked.violations.first?.message == "migration entry at 0x7f0000000000 names unlocked 0x100")
    let locked = Self.checked([Self.frameChanges(0x100) { $0.lockedBy = .migration }
                               + [Self.pteChange(slot: 0, from: Self.present, to: entry)]])
    #expect(locked.violations.isEmpty)
  }

  @Test("A folio unlocked while a migration entry still names it is I3 (the kernel removes them first)")
  func unlockingBeforeRemovingTheEntriesIsI3() {
    let entry = PTE.migration(MigrationEntry(pfn: 0x100, kind: .write))
    let lock = Self.frameChanges(0x100) { $0.lockedBy = .migration }
    // Changes are XORs: the same change applied again unlocks.
    let checker = Self.checked([lock + [Self.pteChange(slot: 0, from: Self.present, to: entry)], lock])
    #expect(checker.violations.map(\.rule) == ["I3"])
    #expect(checker.violations.first?.step == 2)
    #expect(checker.violations.first?.message == "0x100 is unlocked while 1 migration entry names it")
  }

  @Test func aMigrationEntryLeftAfterFinalizeIsI6() {
    var checker = InvariantChecker(scenario: Self.scenario, kernel: .v7_0)
    var log = StepLog()
    let call = MigrateCall(api: .migrateVMA, process: "A", start: vmaStart, end: address(8), slots: 8)
    let entry = PTE.migration(MigrationEntry(pfn: 0x100, kind: .write))
    let collected: [Change] = [.callAdded(call), .src(slot: 0, call: 0, bits: MigratePFN.make(0x100) | MigratePFN.migrate),
                               Self.pteChange(slot: 0, from: Self.present, to: entry)]
      + Self.frameChanges(0x100) { $0.lockedBy = .migration; $0.mapcount = 0 }
    for (changes, phase, label) in [([], Phase.start, "start"), (collected, .collect, "migration_entry"),
                                    ([], .finalize, "done")] {
      for change in changes { log.append(change) }
      log.close(StepSite(phase: phase, function: "test", label: label), call: phase == .start ? nil : 0, slot: nil,
                pfn: nil, body: .ready(""), failed: false)
    }
    checker.consume(log.batch(0..<log.count, boxedFrom: 0))
    #expect(checker.violations.map { "\($0.step) \($0.rule): \($0.message)" } == [
      "2 I6: 0x100 is still locked (migration) after finalize",
      "2 I6: a migration entry for 0x100 is left at 0x7f0000000000",
    ])
  }

  /// A checker fed a call whose slot 0 has `src` and `dst` at finalize's end, after `extra`.
  /// The violations of a call whose slot 0 ends as `src`/`dst` after `extra` changes, with
  /// another thread's `folio_get` on `referenced` first if given.
  static func finalized(src: UInt64, dst: UInt64, extra: [Change] = [], referenced: PFN? = nil) -> [String] {
    var checker = InvariantChecker(scenario: Self.scenario, kernel: .v7_0)
    var log = StepLog()
    let call = MigrateCall(api: .migrateVMA, process: "A", start: vmaStart, end: address(8), slots: 8)
    let arrays: [Change] = [.callAdded(call), .src(slot: 0, call: 0, bits: src), .dst(slot: 0, call: 0, bits: dst)]
    let event = referenced.map { [([Change](), Phase.event, "folio_get", $0)] } ?? []
    let steps = [([Change](), Phase.start, "test", PFN?.none)] + event
      + [(arrays + extra, .pages, "test", nil), ([], .finalize, "test", nil)]
    for (changes, phase, function, pfn) in steps {
      for change in changes { log.append(change) }
      let label = phase == .finalize ? "done" : phase == .event ? "get" : "test"
      log.close(StepSite(phase: phase, function: function, label: label), call: phase == .start ? nil : 0, slot: nil,
                pfn: pfn, body: .ready(""), failed: false)
    }
    checker.consume(log.batch(0..<log.count, boxedFrom: 0))
    return checker.violations.map { "\($0.step) \($0.rule): \($0.message)" }
  }

  @Test func aMigratedSourceStillMappedIsI6() {
    // 0x100 keeps its mapping although its slot says it moved to 0x800.
    #expect(Self.finalized(src: MigratePFN.make(0x100) | MigratePFN.migrate, dst: MigratePFN.make(0x800))
            == ["2 I6: the source 0x100 migrated but is still mapped 1 time(s)"])
  }

  @Test("A migrated source still referenced is I6, unless another thread holds that reference")
  func aMigratedSourceStillReferencedIsI6() {
    // 0x100 is unmapped and its slot says it moved, but one reference is left on it.
    let unmapped = Self.frameChanges(0x100) { $0.mapcount = 0; $0.refcount = 1 }
    let migrated = MigratePFN.make(0x100) | MigratePFN.migrate
    #expect(Self.finalized(src: migrated, dst: MigratePFN.make(0x800), extra: unmapped)
            == ["2 I6: the source 0x100 migrated but has refcount 1, not the 0 reference(s) held elsewhere"])
    // The same reference taken by another thread (folio_get) is one the migration must leave.
    #expect(Self.finalized(src: migrated, dst: MigratePFN.make(0x800), extra: unmapped, referenced: 0x100).isEmpty)
  }

  @Test func aDestinationLeftAllocatedIsI6() {
    let allocated = Self.frameChanges(0x800) { $0.free = false; $0.refcount = 1 }
    #expect(Self.finalized(src: MigratePFN.make(0x100), dst: MigratePFN.make(0x800), extra: allocated)
            == ["2 I6: 0x800 did not take over but was not freed (refcount 1)"])
    #expect(Self.finalized(src: MigratePFN.make(0x100) | MigratePFN.migrate, dst: MigratePFN.make(0x800),
                           extra: allocated).first == "2 I6: 0x800 took over with refcount 1, not its 0 mapping(s) = 0")
  }

  @Test func aReplayThatMissesTheEnginesStateIsReported() {
    var checker = Self.checked([])
    var engine = checker.machine
    checker.finish(engine: engine)
    #expect(checker.violations.isEmpty)
    engine.frames[0].refcount += 1
    checker.finish(engine: engine)
    #expect(checker.violations.map(\.rule) == ["log-replay"])
  }

  @Test func violationsMergeInStepOrderEnginesFirst() {
    let engine = [InvariantViolation(step: 3, rule: "no-data-lost", message: ""),
                  InvariantViolation(step: 9, rule: "no-data-lost", message: "")]
    let checker = [InvariantViolation(step: 1, rule: "I7", message: ""), InvariantViolation(step: 3, rule: "I3", message: "")]
    #expect(InvariantViolation.merged(engine, checker).map { "\($0.step) \($0.rule)" }
            == ["1 I7", "3 no-data-lost", "3 I3", "9 no-data-lost"])
  }
}

/// Checking on a second thread must give the same timeline as checking in line.
@Suite("Concurrent checking")
struct ConcurrentCheckingTests {
  /// 2048 pages of every kind the engine meets, with a fork-shared page, a pinned page and a
  /// THP, migrated in one call.
  static let scenario: Scenario = {
    var folios: [FolioSpec] = [FolioSpec(pfn: 0x1_0000, order: 9)]
    var mappings: [MappingSpec] = [MappingSpec(page: 0, entry: .hugePMD, pfn: 0x1_0000, write: true)]
    var shared: [MappingSpec] = []
    for page in 512..<2048 {
      let pfn = 0x2_0000 + PFN(page)
      switch page % 8 {
      case 0: continue
      case 1: mappings.append(MappingSpec(page: page, entry: .zero))
      case 2: folios.append(FolioSpec(pfn: pfn, pins: 1))
      case 3:
        folios.append(FolioSpec(pfn: pfn))
        shared.append(MappingSpec(page: page, entry: .present, pfn: pfn))
      default: folios.append(FolioSpec(pfn: pfn))
      }
      // A page shared after fork is write-protected in both processes.
      if page % 8 > 1 { mappings.append(MappingSpec(page: page, entry: .present, pfn: pfn, write: page % 8 != 3)) }
    }
    let memory = PhysicalMemory(
      system: PfnRange(start: 0x1_0000, count: 0x2_0000),
      devices: [DeviceSpec(name: "DEV0", type: .devicePrivate, range: PfnRange(start: 0x10_0000, count: 4096))])
    return Scenario(
      name: "concurrent", title: "concurrent", memory: memory, folios: folios,
      processes: [ProcessSpec(name: "A", vmas: [VMASpec(start: vmaStart, pages: 2048, mappings: mappings)]),
                  ProcessSpec(name: "B", vmas: [VMASpec(start: vmaStart, pages: 2048, mappings: shared)])],
      calls: [.migrateVMA(MigrateVMACall(process: "A", start: vmaStart, end: vmaStart + 2048 * 4096,
                                         select: [.system, .compound], owner: "DEV0"))])
  }()

  @Test(arguments: KernelVersion.allCases)
  func secondThreadMatchesInLine(kernel: KernelVersion) {
    let inLine = Simulation.run(Self.scenario, kernel: kernel, checkConcurrently: false)
    let concurrent = Simulation.run(Self.scenario, kernel: kernel, checkConcurrently: true)
    #expect(inLine.count > 4 * 1500, "about four steps per page")
    #expect(concurrent.count == inLine.count)
    #expect(concurrent.violations.isEmpty && inLine.violations.isEmpty)
    #expect(concurrent.invariantChecks == inLine.count && inLine.invariantChecks == inLine.count)
    for index in stride(from: 0, to: inLine.count, by: inLine.count / 40) + [inLine.count - 1] {
      #expect(concurrent.state(at: index) == inLine.state(at: index), "step \(index)")
    }
  }
}

extension InvariantChecker {
  /// A checker starting from the scenario's initial machine, built as the engine builds it.
  init(scenario: Scenario, kernel: KernelVersion) {
    var builder = Engine(scenario: scenario, kernel: kernel)
    builder.buildInitialMachine()
    self.init(initial: builder.machine, frameIndex: builder.frameIndex, scenario: scenario)
  }
}
