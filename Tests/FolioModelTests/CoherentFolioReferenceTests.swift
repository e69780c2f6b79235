import FolioModel
import FolioScenario
import Testing

/// `migrate_device_coherent_folio` consumes its caller's reference, migrated or not: a second
/// call finds nothing to hold, and the checker's ledger no longer counts that reference.
@Suite("migrate_device_coherent_folio and its caller's reference")
struct CoherentFolioReferenceTests {
  @Test("A second call on the folio the first migrated finds it free and does nothing", arguments: KernelVersion.allCases)
  func aSecondCallOnAFreedFolio(kernel: KernelVersion) throws {
    var scenario = CoherentFolioEdgeTests.scenario(folios: [FolioSpec(pfn: 0xc00, extraRefs: 1)], mapped: [0xc00])
    scenario.calls.append(.migrateDeviceCoherentFolio(pfn: 0xc00))
    let timeline = Simulation.run(scenario, kernel: kernel)
    #expect(timeline.violations.isEmpty, "\(timeline.violations)")
    let refused = try #require(timeline.steps.last { $0.label == "lock" })
    #expect(refused.failed && refused.text.contains("0xc00 is free"), "\(refused.text)")
    #expect(Array(timeline.final.calls[1].src) == [0])
    #expect(timeline.final.frame(0xc00)?.free == true)
  }

  @Test("A large folio: -EBUSY consumed the caller's reference, so a later migration of it breaks no rule",
        arguments: KernelVersion.allCases)
  func aLargeFolioThenAMigration(kernel: KernelVersion) throws {
    var scenario = CoherentFolioEdgeTests.scenario(folios: [FolioSpec(pfn: 0xc00, order: 1, extraRefs: 1)], mapped: [0xc00])
    scenario.calls.append(.migrateVMA(MigrateVMACall(process: "A", start: vmaStart, end: address(1), select: .deviceCoherent,
                                                     owner: "DEV2")))
    let timeline = Simulation.run(scenario, kernel: kernel)
    #expect(timeline.violations.isEmpty, "\(timeline.violations)")
    #expect(timeline.steps.contains { $0.failed && $0.text.contains("-EBUSY") })
  }

  @Test("-EBUSY from unmap still reaches the call's one event point, its return")
  func anEarlyEBUSYRunsTheAfterFinalizeEvents() throws {
    var scenario = CoherentFolioEdgeTests.scenario(folios: [FolioSpec(pfn: 0xc00, extraRefs: 3)], mapped: [0xc00])
    scenario.events = [EventSpec(at: .afterFinalize, action: .putReference(pfn: 0xc00))]
    let timeline = Simulation.run(scenario, kernel: .v7_0)
    #expect(timeline.violations.isEmpty, "\(timeline.violations)")
    let busy = try #require(timeline.steps.firstIndex { $0.label == "ebusy" })
    #expect(timeline.steps[busy...].contains { $0.phase == .event })
  }
}
