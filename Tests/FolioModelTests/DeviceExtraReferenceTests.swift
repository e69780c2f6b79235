import FolioModel
import FolioScenario
import Testing

/// migrate_vma_check_page counts one reference more for a ZONE_DEVICE folio than it holds, so a
/// driver's reference on a device page passes the unmap check and is refused only by
/// folio_migrate_mapping; the step says why, not that a reference "appeared".
@Suite("An eviction of a device page someone else holds a reference to")
struct DeviceExtraReferenceTests {
  @Test func theCountCheckRefusesItAndNamesTheZoneDeviceTerm() throws {
    let scenario = Scenario(
      name: "evict-held", title: "evict-held", memory: specMemory, folios: [FolioSpec(pfn: 0x802, extraRefs: 1)],
      processes: [ProcessSpec(name: "A", vmas: [VMASpec(start: vmaStart, pages: 1, mappings: [
        MappingSpec(page: 0, entry: .devicePrivate, pfn: 0x802, write: true),
      ])])],
      calls: [.migrateDeviceRange(startPfn: 0x802, pages: 1, driver: DriverSpec())])
    let timeline = Simulation.run(scenario, kernel: .v7_0)
    #expect(timeline.violations.isEmpty, "\(timeline.violations)")
    let refused = try #require(timeline.steps.first { $0.label == "refcount" })
    #expect(refused.failed && refused.slot == 0)
    #expect(refused.text.contains("expects refcount 1 (0 cache + 0 mapped + 0 fault + 1 migration) but finds 2: someone "
      + "else holds a reference (the unmap check's ZONE_DEVICE term lets one outside reference through"), "\(refused.text)")
    #expect(timeline.final.processes[0].pte(at: vmaStart) == .devicePrivate(DevicePrivateEntry(pfn: 0x802, write: true)))
    #expect(timeline.final.frame(0x802)?.refcount == 2)
  }
}
