import FolioModel
import FolioScenario
import Testing

/// v7.0's migrate_vma_collect_huge_pmd() looks at SELECT_SYSTEM before anything else on a
/// trans-huge PMD: without it, a system THP and the huge zero page are both skipped whole.
@Suite("migrate_vma_collect_huge_pmd without SELECT_SYSTEM")
struct HugePMDSelectSystemTests {
  /// A's 2 MiB is `mapping` (a system THP at 0x200 or the huge zero page), collected by a call
  /// that selects device-private pages only, with SELECT_COMPOUND.
  static func scenario(_ mapping: MappingSpec) -> Scenario {
    var scenario = thpToDevice(devicePages: 512, thp: mapping.pfn == nil ? nil : FolioSpec(pfn: 0x200, order: 9))
    scenario.processes[0].vmas[0].mappings = [mapping]
    scenario.calls = [.migrateVMA(MigrateVMACall(process: "A", start: vmaStart, end: address(512),
                                                 select: [.devicePrivate, .compound], owner: "DEV0"))]
    return scenario
  }

  @Test("A trans-huge PMD is skipped whole: 512 zero entries, cpages 0, the PMD and the folio untouched",
        arguments: [
          MappingSpec(page: 0, entry: .hugePMD, pfn: 0x200, write: true, dirty: true, young: true),
          MappingSpec(page: 0, entry: .hugeZeroPMD),
        ])
  func transHugePMDIsSkipped(mapping: MappingSpec) throws {
    let timeline = Simulation.run(Self.scenario(mapping), kernel: .v7_0)
    #expect(timeline.violations.isEmpty, "\(timeline.violations)")
    let skipped = try #require(timeline.steps.first { $0.function == "migrate_vma_collect_huge_pmd" })
    #expect(skipped.label == "no_system")
    let state = timeline.state(at: skipped.index)
    #expect(state.calls[0].src.count == 512 && state.calls[0].src.allSatisfy { $0 == 0 })
    #expect(state.calls[0].cpages == 0)
    #expect(timeline.final.processes[0].pmd(at: vmaStart) == timeline.state(at: 0).processes[0].pmd(at: vmaStart))
    if mapping.pfn != nil {
      let thp = try #require(timeline.final.frame(0x200))
      #expect((thp.order, thp.refcount, thp.mapcount, thp.isLocked) == (9, 1, 1, false))
    }
  }
}
