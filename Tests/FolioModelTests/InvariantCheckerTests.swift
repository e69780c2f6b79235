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
