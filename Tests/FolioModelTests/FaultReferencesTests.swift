import FolioModel
import FolioScenario
import Testing

/// The fault step counts the references it finds: one per mapping (a device-private entry holds
/// its page like a present one), any others, then the one `do_swap_page` takes for itself.
@Suite("The fault step says whose references the refcount counts")
struct FaultReferencesTests {
  /// 0x800 mapped read-only by A and by B (after a fork), with `extra` references besides; A reads it.
  func faultStep(extra: Int) throws -> (Step, Timeline) {
    let scenario = Scenario(
      name: "shared-fault", title: "shared-fault", memory: specMemory, folios: [FolioSpec(pfn: 0x800, extraRefs: extra)],
      processes: ["A", "B"].map { ProcessSpec(name: $0, vmas: [VMASpec(start: vmaStart, pages: 1, mappings: [
        MappingSpec(page: 0, entry: .devicePrivate, pfn: 0x800),
      ])]) },
      calls: [.cpuFault(process: "A", address: vmaStart, write: false, driver: DriverSpec())])
    let timeline = Simulation.run(scenario, kernel: .v7_0)
    let step = try #require(timeline.steps.first { $0.function == "do_swap_page" && $0.label == "device_private" })
    return (step, timeline)
  }

  @Test("Two mappings: refcount 2 → 3, the 2 mappings' and the fault handler's")
  func twoMappings() throws {
    let (step, timeline) = try faultStep(extra: 0)
    #expect(timeline.state(at: step.index).frame(0x800)?.refcount == 3)
    #expect(step.text.contains("(refcount 2 → 3: the 2 mappings' and the fault handler's)"), "\(step.text)")
  }

  @Test("Two mappings and a reference held elsewhere: refcount 3 → 4, and the other reference is named")
  func twoMappingsAndAnother() throws {
    let (step, timeline) = try faultStep(extra: 1)
    #expect(timeline.state(at: step.index).frame(0x800)?.refcount == 4)
    #expect(step.text.contains("(refcount 3 → 4: the 2 mappings', 1 other reference and the fault handler's)"),
            "\(step.text)")
  }
}
