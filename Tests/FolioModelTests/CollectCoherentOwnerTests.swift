import FolioModel
import FolioScenario
import Testing

/// migrate_vma_collect_pmd selects a device-coherent page only with SELECT_DEVICE_COHERENT and
/// only when its pgmap's owner is the call's pgmap_owner.
@Suite("Collect and a device-coherent page's owner")
struct CollectCoherentOwnerTests {
  /// A maps the coherent page 0xc00 of DEV2 writable; a migrate_vma call with SELECT_DEVICE_COHERENT
  /// and `owner` moves it towards DEV0.
  static func scenario(owner: String) -> Scenario {
    let memory = PhysicalMemory(system: PfnRange(start: 0x100, count: 16), devices: [
      DeviceSpec(name: "DEV0", type: .devicePrivate, range: PfnRange(start: 0x800, count: 16)),
      DeviceSpec(name: "DEV2", type: .deviceCoherent, range: PfnRange(start: 0xc00, count: 16)),
    ])
    return Scenario(
      name: "coherent-owner", title: "coherent-owner", memory: memory, folios: [FolioSpec(pfn: 0xc00)],
      processes: [ProcessSpec(name: "A", vmas: [VMASpec(start: vmaStart, pages: 1, mappings: [
        MappingSpec(page: 0, entry: .present, pfn: 0xc00, write: true),
      ])])],
      calls: [.migrateVMA(MigrateVMACall(process: "A", start: vmaStart, end: address(1), select: .deviceCoherent,
                                         owner: owner))])
  }

  @Test("Only the owner's own coherent page is collected (src = M|W, locked); another owner's gets src = 0, unlocked",
        arguments: KernelVersion.allCases, ["DEV0", "DEV2"])
  func onlyTheOwnersPageIsCollected(kernel: KernelVersion, owner: String) throws {
    let timeline = Simulation.run(Self.scenario(owner: owner), kernel: kernel)
    #expect(timeline.violations.isEmpty, "\(timeline.violations)")
    let selected = owner == "DEV2"
    let collect = try #require(timeline.steps.first { $0.phase == .collect && $0.slot == 0 })
    #expect(collect.label == (selected ? "migration_entry" : "select_coherent"))
    let state = timeline.state(at: collect.index)
    #expect(state.calls[0].src == [selected ? 0xc00 << 6 | MigratePFN.valid | MigratePFN.migrate | MigratePFN.write : 0])
    #expect(state.frame(0xc00)?.lockedBy == (selected ? .migration : nil))
    #expect(state.processes[0].pte(at: vmaStart) == (selected
      ? .migration(MigrationEntry(pfn: 0xc00, kind: .write)) : .present(PresentBits(pfn: 0xc00, write: true))))
  }
}
