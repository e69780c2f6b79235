import FolioModel
import FolioScenario
import Testing

@testable import FolioViews

@Suite("Narration belongs to its call and to the scenario's own kernel")
struct NarrationTests {
  @Test("A second call's run of a phase gets no narration written for the first call's")
  func secondCall() throws {
    let timeline = Simulation.run(try BuiltinScenarios.load("thp-compound"))
    let collects = timeline.steps.filter { $0.phase == .collect }
    let first = try #require(collects.first { $0.call == 0 })
    let second = try #require(collects.first { $0.call == 1 })
    #expect(first.narration(in: timeline)?.contains("the whole THP becomes one entry") == true)
    #expect(second.narration(in: timeline) == nil)
  }

  @Test("A fault taken again outside any call gets no narration written for the first fault")
  func retriedFault() throws {
    let timeline = Simulation.run(try BuiltinScenarios.load("fault-to-ram"))
    let faults = timeline.steps.filter { $0.phase == .fault }
    let first = try #require(faults.first)
    let last = try #require(faults.last)
    #expect(first.narration(in: timeline)?.hasPrefix("A load hits a device-private entry") == true)
    #expect(timeline.phaseStarts.contains(last.index) || last.index > first.index + 1)
    #expect(last.narration(in: timeline) == nil)
  }

  @Test("Under the other kernel no narration is shown; a phase's later run in the same call gets none either")
  func otherKernelAndSameCall() throws {
    let scenario = try BuiltinScenarios.load("mixed-eight")
    let own = Simulation.run(scenario)
    let other = Simulation.run(scenario, kernel: .v6_8)
    #expect(own.steps.contains { $0.narration(in: own) != nil })
    #expect(!other.steps.contains { $0.narration(in: other) != nil })
    // mixed-eight's setup phase runs twice in its one call: the checks, then the return after
    // unmap, which the setup narration ("One call, eight pages…") does not describe.
    let setups = own.phaseStarts.filter { own.phase(at: $0) == .setup }
    #expect(setups.count == 2)
    #expect(own[setups[0]].narration(in: own) != nil)
    #expect(own[setups[1]].narration(in: own) == nil)
  }

  @Test("A scenario whose phase texts hold under both kernels says so, and v6.8 shows them")
  func bothKernels() throws {
    let scenario = try BuiltinScenarios.load("mthp-pte-mapped")
    #expect(scenario.narration.alsoFor == [.v7_0, .v6_8])
    let v68 = Simulation.run(scenario, kernel: .v6_8)
    let collect = try #require(v68.steps.first { $0.phase == .collect })
    #expect(collect.narration(in: v68)?.contains("v6.8 just skips every page") == true)
  }
}
