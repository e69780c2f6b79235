import FolioModel
import FolioScenario
import Testing

/// Every built-in scenario runs under both kernel versions with no invariant violation and ends
/// exactly as its `expect:` block (written from the spec's numbers) says.
@Suite("Built-in scenarios meet their spec outcomes")
struct BuiltinScenarioTests {
  static let cases: [(String, KernelVersion)] = BuiltinScenarios.names.flatMap { name in
    KernelVersion.allCases.map { (name, $0) }
  }

  @Test(arguments: cases)
  func outcome(name: String, kernel: KernelVersion) throws {
    let scenario = try BuiltinScenarios.load(name)
    let timeline = Simulation.run(scenario, kernel: kernel)
    #expect(timeline.violations.isEmpty, "\(timeline.violations)")
    guard let expectation = scenario.expectations[kernel] else { return }
    #expect(ExpectationCheck.mismatches(expectation, in: timeline) == [])
  }

  @Test("a changed scenario is told apart from its expect block, field by field")
  func mismatchesAreNamed() throws {
    var scenario = try BuiltinScenarios.load("anon-to-device")
    scenario.folios[0].pins = 1
    let expectation = try #require(scenario.expectations[.v7_0])
    let timeline = Simulation.run(scenario, kernel: .v7_0)
    // folio_maybe_dma_pinned() reads the refcount with collect's own reference in it.
    #expect(timeline.steps.contains { $0.text.contains("folio_maybe_dma_pinned() (refcount 1026 with collect's own ≥ 1024") })
    #expect(ExpectationCheck.mismatches(expectation, in: timeline) == [
      "call 1 src[0] is 0x0, expected 0x400b", "call 1 dst[0] is 0x0, expected 0x20009", "call 1 cpages is 0, expected 1",
      "A's PTE at 0x7f0000000000 entry is present, expected device_private",
      "A's PTE at 0x7f0000000000 pfn is 0x100, expected 0x800", "0x100 free is false, expected true",
      "0x100 refcount is 1025, expected 0", "0x100 mapcount is 1, expected 0", "0x800 refcount is 0, expected 1",
      "0x800 mapcount is 0, expected 1",
    ])
  }

  /// v6.8 may be left out only where the scenario relies on SELECT_COMPOUND, which v6.8 lacks
  /// and for which the spec gives no v6.8 outcome, or starts with a device-private PMD, a state
  /// v6.8 never has.
  @Test("every built-in has an expectation for v7.0, and for v6.8 unless it needs the THP series")
  func expectationsPresent() throws {
    for name in BuiltinScenarios.names {
      let scenario = try BuiltinScenarios.load(name)
      let compound = scenario.calls.contains {
        if case .migrateVMA(let call) = $0 { call.select.contains(.compound) } else { false }
      }
      let devicePMD = scenario.processes.contains { $0.vmas.contains { $0.mappings.contains { $0.entry == .devicePrivatePMD } } }
      #expect(scenario.expectations[.v7_0] != nil, "\(name)")
      #expect(compound || devicePMD || scenario.expectations[.v6_8] != nil, "\(name)")
    }
  }
}

/// The code pane can always show where a step is: every step of every built-in, under both
/// kernels, names a function that has a paraphrased listing and a label on one of its lines.
@Suite("Every step resolves to a listing line")
struct StepListingTests {
  @Test(arguments: BuiltinScenarioTests.cases)
  func resolves(name: String, kernel: KernelVersion) throws {
    let timeline = Simulation.run(try BuiltinScenarios.load(name), kernel: kernel)
    var missing = Set<String>()
    for step in timeline.steps where step.line == nil { missing.insert("\(step.function)/\(step.label)") }
    #expect(missing.isEmpty, "no listing line for \(missing.sorted())")
  }
}
