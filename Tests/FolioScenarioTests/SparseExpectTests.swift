import Testing

@testable import FolioScenario

/// `src:`/`dst:` of an expected call may be a `{slot: value}` mapping, every other slot 0.
@Suite struct SparseExpectTests {
  func parse(_ expect: String, calls: String = "") -> ScenarioLoadResult {
    let yaml = Fixtures.minimal.replacingOccurrences(of: "owner: DEV0}\n", with: "owner: DEV0}\n\(calls)")
      + "expect:\n  v7.0:\n    calls:\n\(expect)"
    return ScenarioLoader.parse(yaml: yaml, file: "t.yaml")
  }

  @Test("A sparse array is the full array with zeroes elsewhere")
  func aSparseArrayExpandsToTheCallsSlots() throws {
    let sparse = try #require(parse("      - {src: {0: 0x400b}, dst: {0: 0x20009}, cpages: 1}\n").scenario)
    let full = try #require(parse("      - {src: [0x400b, 0, 0, 0, 0, 0, 0, 0], dst: [0x20009, 0, 0, 0, 0, 0, 0, 0], cpages: 1}\n").scenario)
    #expect(sparse.expectations == full.expectations)
    #expect(sparse.expectations[.v7_0]?.calls.first?.src.count == 8)
    #expect(try #require(parse("      - {src: {}, dst: [0, 0, 0, 0, 0, 0, 0, 0]}\n").scenario).expectations[.v7_0]?.calls.first?.src
      == [UInt64](repeating: 0, count: 8))
  }

  @Test("A slot outside the call is an error at its key")
  func aSlotOutsideTheCallIsAnError() {
    #expect(parse("      - {src: {8: 0x400b}, dst: {0: 0}}\n").diagnostics.map(\.description) == [
      "t.yaml:19:16: error: expect.v7.0.calls[0].src: slot 8 does not exist; calls[0] has 8 slots (0…7)"
    ])
  }

  @Test("With no fault nor CPU access, an outcome past the last call is an error in either form")
  func anOutcomePastTheLastCallIsAnError() {
    let full = "      - {src: {0: 0x400b}, dst: {0: 0x20009}}\n      - {src: [1], dst: [1]}\n"
    #expect(parse(full).diagnostics.map(\.description) == [
      "t.yaml:20:9: error: expect.v7.0.calls[1]: there is no call 1 to expect: the scenario makes 1 call, and no "
        + "cpu_fault call or cpu_access event can add one; delete this outcome"
    ])
    let sparse = parse("      - {src: {0: 0x400b}, dst: {0: 0x20009}}\n      - {src: {0: 1}, dst: {0: 1}}\n")
    #expect(sparse.diagnostics.map(\.description) == parse(full).diagnostics.map(\.description))
  }

  @Test("After a fault the slot count is unknown, so the full list is needed")
  func aSparseArrayAfterAFaultIsRefused() {
    let fault = "  - cpu_fault: {process: A, address: 0x7f0000000000}\n"
    let messages = parse("      - {src: [0], dst: [0]}\n      - {src: [0], dst: [0]}\n      - {src: {0: 2}, dst: [0]}\n",
                         calls: fault + "  - migrate_vma: {process: A, start: 0x7f0000000000, pages: 1, owner: DEV0}\n")
    #expect(messages.diagnostics.map(\.description).contains {
      $0.hasSuffix("error: expect.v7.0.calls[2].src: a {slot: value} mapping needs the slot count of its call, known only for "
        + "the calls before the first cpu_fault or cpu_access event; give the full list")
    })
  }
}
