import FolioModel
import FolioScenario
import Testing

/// `try_to_migrate_one()` on a PageAnonExclusive page: `folio_try_share_anon_rmap_pte()` clears
/// the flag as the migration entry replaces the mapping, which carries it on instead (a writable
/// or read-exclusive entry); `remove_migration_pte()` sets it again on the page it maps
/// (RMAP_EXCLUSIVE). hydra-linux-7.0.0 mm/rmap.c @ e72a6879.
@Suite("try_to_migrate moves PageAnonExclusive from the page into the migration entry")
struct TryToMigrateExclusiveTests {
  @Test(arguments: KernelVersion.allCases)
  func evictionOfAnExclusiveDevicePage(kernel: KernelVersion) throws {
    let scenario = EvictionAuditTests.scenario(
      folios: [FolioSpec(pfn: 0x800)], mappings: [MappingSpec(page: 0, entry: .devicePrivate, pfn: 0x800, write: true)],
      call: .migrateDeviceRange(startPfn: 0x800, pages: 1, driver: DriverSpec()))
    let timeline = Simulation.run(scenario, kernel: kernel)
    #expect(timeline.violations.isEmpty, "\(timeline.violations)")
    #expect(timeline.state(at: 0).frame(0x800)?.anonExclusive == true)
    let unmap = try #require(timeline.steps.last { $0.function == "migrate_device_unmap" })
    let unmapped = timeline.state(at: unmap.index)
    #expect(unmapped.processes[0].pte(at: vmaStart) == .migration(MigrationEntry(pfn: 0x800, kind: .write)))
    #expect(unmapped.frame(0x800)?.anonExclusive == false)
    guard case .present(let bits) = timeline.final.processes[0].pte(at: vmaStart) else {
      Issue.record("not restored: \(timeline.final.processes[0].pte(at: vmaStart))")
      return
    }
    #expect(bits.write && timeline.final.frame(bits.pfn)?.anonExclusive == true)
  }
}
