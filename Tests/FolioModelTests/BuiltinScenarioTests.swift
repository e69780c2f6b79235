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
    let final = timeline.final
    #expect(final.calls.count >= expectation.calls.count)
    for (index, expected) in expectation.calls.enumerated() where index < final.calls.count {
      let call = final.calls[index]
      #expect(call.src.map(MigratePFN.hex) == expected.src.map(MigratePFN.hex), "call \(index) src")
      #expect(call.dst.map(MigratePFN.hex) == expected.dst.map(MigratePFN.hex), "call \(index) dst")
      if let cpages = expected.cpages { #expect(call.cpages == cpages, "call \(index) cpages") }
      if let result = expected.setupResult { #expect(call.setupResult == result, "call \(index) setup result") }
    }
    for pte in expectation.ptes {
      let process = try #require(final.processes.first { $0.name == pte.process })
      let actual = pte.level == "pmd" ? EntryDescription(process.pmd(at: pte.address)) : EntryDescription(process.pte(at: pte.address))
      #expect(actual.kind == pte.entry, "\(pte.process) \(MigratePFN.hex(pte.address)) kind")
      if let pfn = pte.pfn { #expect(actual.pfn == pfn, "\(pte.process) \(MigratePFN.hex(pte.address)) pfn") }
      if let write = pte.write { #expect(actual.write == write, "\(pte.process) \(MigratePFN.hex(pte.address)) write") }
    }
    for page in expectation.pages {
      let frame = try #require(final.frame(page.pfn))
      let folio = try #require(final.folio(of: page.pfn))
      let at = MigratePFN.hex(page.pfn)
      if let free = page.free { #expect(frame.free == free, "\(at) free") }
      if let refcount = page.refcount { #expect(folio.refcount == refcount, "\(at) refcount") }
      if let mapcount = page.mapcount { #expect(folio.mapcount == mapcount, "\(at) mapcount") }
      if let locked = page.locked { #expect(folio.isLocked == locked, "\(at) locked") }
      if let lru = page.lru { #expect(folio.lru == lru, "\(at) lru") }
    }
  }

  /// v6.8 may be left out only where the scenario relies on SELECT_COMPOUND, which v6.8 lacks
  /// and for which the spec gives no v6.8 outcome.
  @Test("every built-in has an expectation for v7.0, and for v6.8 unless it needs COMPOUND")
  func expectationsPresent() throws {
    for name in BuiltinScenarios.names {
      let scenario = try BuiltinScenarios.load(name)
      let compound = scenario.calls.contains {
        if case .migrateVMA(let call) = $0 { call.select.contains(.compound) } else { false }
      }
      #expect(scenario.expectations[.v7_0] != nil, "\(name)")
      #expect(compound || scenario.expectations[.v6_8] != nil, "\(name)")
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
