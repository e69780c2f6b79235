@testable import FolioModel
import Testing

/// The change log must give back exactly the changes put in, whether they take one word, pack
/// into two or are kept whole because a field is out of its packing's range.
@Suite("Change log")
struct ChangeLogTests {
  static let changes: [Change] = [
    .frame(pfn: 0x10_0000, bits: 0xdead_beef_0000_0001, word: 3),
    .frame(pfn: 1 << 60, bits: 1, word: 0),
    .pte(vpn: 0x7f00_0000, pfnBits: 0x800, flagBits: 0xffff, process: 4095),
    .pte(vpn: 1 << 46, pfnBits: 1, flagBits: 2, process: 1),
    .pte(vpn: 5, pfnBits: 1 << 53, flagBits: 2, process: 1),
    .pte(vpn: 5, pfnBits: 1, flagBits: 2, process: 4096),
    .pmd(index: 0x3f_8000, pfnBits: 0x20_0000, flagBits: 0x31, process: 0),
    .src(slot: UInt32.max, call: 7, bits: UInt64.max),
    .dst(slot: 3, call: 1 << 30, bits: 0x2),
    .counters(call: 2, before: CallCounters(cpages: 5, npages: 9, setupResult: nil),
              after: CallCounters(cpages: 4, npages: 10, setupResult: nil)),
    .counters(call: 0, before: CallCounters(cpages: 0, npages: 0, setupResult: -22),
              after: CallCounters(cpages: 0, npages: 0, setupResult: -22)),
    .counters(call: 0, before: CallCounters(cpages: 0, npages: 0, setupResult: nil),
              after: CallCounters(cpages: 70_000, npages: 0, setupResult: 0)),
    .waiterAdded(Waiter(thread: "T2", process: "A", address: 0x7f00_0000_0000, write: true, folio: 0x100,
                        site: .migrationEntry)),
  ]

  /// Seals `log`'s open step and reads back every change recorded so far.
  static func sealed(_ log: inout ChangeLog) -> [Change] {
    let end = log.seal()
    return Array(log.changes(in: 0..<end))
  }

  @Test func everyChangeReadsBackAsWritten() {
    var log = ChangeLog()
    for change in Self.changes { log.append(change) }
    #expect(log.count == Self.changes.count)
    #expect(Self.sealed(&log) == Self.changes)
  }

  @Test func smallFrameAndArrayChangesTakeOneWord() {
    var log = ChangeLog()
    let small: [Change] = [
      .frame(pfn: 0x110_0000, bits: 0xffff_ffff, word: 3), .frame(pfn: 7, bits: 0x1_0000_0000, word: 1),
      .frame(pfn: 7, bits: 0, word: 2), .src(slot: 5, call: 3, bits: 0x4400_0002), .dst(slot: 1 << 25, call: 0, bits: 2),
    ]
    for change in small { log.append(change) }
    #expect(log.seal() == small.count)
    #expect(Array(log.changes(in: 0..<small.count)) == small)
    log.append(.frame(pfn: 7, bits: 0x1_0000_0001, word: 1))
    log.append(.src(slot: 5, call: 4, bits: 2))
    log.append(.frame(pfn: 1 << 26, bits: 1, word: 0))
    #expect(log.seal() == small.count + 6, "bits in both halves, a call above 3 or a pfn above 2^26 take two words")
  }

  @Test func aStepsChangesToOneFrameWordFoldIntoOne() {
    var log = ChangeLog()
    log.appendFolding(pfn: 9, word: 1, bits: 0b0110)
    _ = log.seal()
    log.appendFolding(pfn: 9, word: 1, bits: 0b0011)
    log.appendFolding(pfn: 9, word: 2, bits: 0b0001)
    log.appendFolding(pfn: 9, word: 1, bits: 0b1000)
    log.appendFolding(pfn: 9, word: 2, bits: 0b0001)
    #expect(Self.sealed(&log) == [
      .frame(pfn: 9, bits: 0b0110, word: 1), .frame(pfn: 9, bits: 0b1011, word: 1), .frame(pfn: 9, bits: 0, word: 2),
    ], "folds stay within the open step and a fold to zero keeps naming the frame")
  }

  @Test func aStepsCounterChangesOfOneCallFoldIntoOne() {
    let counters = { (cpages: Int, npages: Int) in CallCounters(cpages: cpages, npages: npages, setupResult: nil) }
    var log = ChangeLog()
    log.appendFolding(counters: 0, before: counters(0, 0), after: counters(0, 1))
    _ = log.seal()
    log.appendFolding(counters: 0, before: counters(0, 1), after: counters(0, 2))
    log.append(.src(slot: 1, call: 0, bits: 2))
    log.appendFolding(counters: 1, before: counters(5, 5), after: counters(6, 5))
    log.appendFolding(counters: 0, before: counters(0, 2), after: counters(1, 2))
    #expect(Self.sealed(&log) == [
      .counters(call: 0, before: counters(0, 0), after: counters(0, 1)),
      .counters(call: 0, before: counters(0, 1), after: counters(1, 2)),
      .src(slot: 1, call: 0, bits: 2),
      .counters(call: 1, before: counters(5, 5), after: counters(6, 5)),
    ], "the fold keeps its place and the first before, and stays within its call and step")
  }
}
