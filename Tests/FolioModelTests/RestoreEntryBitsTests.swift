import FolioModel
import FolioScenario
import Testing

/// The entries `remove_migration_pte()` (mm/migrate.c) and `remove_migration_pmd()`
/// (mm/huge_memory.c) put back, read against hydra-linux-7.0.0 (migrate.c @ 2ee65a1c,
/// huge_memory.c @ 08b3714a) and torvalds/linux migrate.c @ 0003e2a4 (≈v6.8). v7.0's PTE branch
/// decides soft-dirty after `pte_mkdirty()`, from the migration entry alone; v6.8's and every
/// PMD's let `pte_mkdirty()`/`pmd_mkdirty()` (which set soft-dirty on x86) stand.
@Suite("Entries put back after a migration (remove_migration_pte / remove_migration_pmd)")
struct RestoreEntryBitsTests {
  /// A PMD-aligned THP at 0x200 mapped by one PMD with `bits`, migrated whole (COMPOUND).
  static func thp(_ bits: PresentBits, driver: DriverSpec = DriverSpec()) -> Scenario {
    var scenario = thpScenario(select: [.system, .compound], driver: driver)
    scenario.processes[0].vmas[0].mappings = [MappingSpec(
      page: 0, entry: .hugePMD, pfn: 0x200, write: bits.write, dirty: bits.dirty, young: bits.young,
      softDirty: bits.softDirty, uffdWp: bits.uffdWp)]
    scenario.folios[0].dirty = bits.dirty
    return scenario
  }

  @Test("A dirty PTE that was not soft-dirty comes back soft-dirty in v6.8 only", arguments: KernelVersion.allCases)
  func restoredPTESoftDirty(kernel: KernelVersion) throws {
    let scenario = specScenario(
      folios: [FolioSpec(pfn: 0x100)],
      mappings: [MappingSpec(page: 0, entry: .present, pfn: 0x100, write: true, dirty: true, young: true)],
      pages: 1, driver: DriverSpec(decline: [0]))
    let timeline = Simulation.run(scenario, kernel: kernel)
    #expect(timeline.violations.isEmpty, "\(timeline.violations)")
    let final = timeline.final
    #expect(final.processes[0].pte(at: vmaStart) == .present(PresentBits(
      pfn: 0x100, write: true, dirty: true, young: true, softDirty: kernel == .v6_8)))
    let folio = try #require(final.frame(0x100))
    #expect(folio.mapcount == 1 && folio.refcount == 1 && folio.anonExclusive)
  }

  @Test("A restored PMD is soft-dirty when it comes back dirty: remove_migration_pmd never clears the bit")
  func restoredPMDSoftDirty() throws {
    // The driver declines slot 0, the compound entry: finalize restores the source's PMD.
    let timeline = Simulation.run(Self.thp(PresentBits(pfn: 0x200, write: true, dirty: true, young: true),
                                           driver: DriverSpec(decline: [0])), kernel: .v7_0)
    #expect(timeline.violations.isEmpty, "\(timeline.violations)")
    let final = timeline.final
    #expect(final.processes[0].pmd(at: vmaStart)
            == .huge(PresentBits(pfn: 0x200, write: true, dirty: true, young: true, softDirty: true)))
    let head = try #require(final.frame(0x200))
    #expect(head.order == 9 && head.mapcount == 1 && head.refcount == 1 && head.anonExclusive)
    #expect(final.frame(0x201)?.anonExclusive == false)
  }

  @Test("Splitting a dirty PMD that is not soft-dirty gives dirty PTEs that are soft-dirty in v6.8 only",
        arguments: KernelVersion.allCases)
  func splitPMDSoftDirty(kernel: KernelVersion) throws {
    var scenario = Self.thp(PresentBits(pfn: 0x200, write: true, dirty: true), driver: DriverSpec(decline: Array(0..<512)))
    scenario.calls = [.migrateVMA(MigrateVMACall(process: "A", start: vmaStart, end: vmaStart + 512 * 4096,
                                                 select: .system, owner: "DEV0", driver: DriverSpec(decline: Array(0..<512))))]
    let timeline = Simulation.run(scenario, kernel: kernel)
    #expect(timeline.violations.isEmpty, "\(timeline.violations)")
    let final = timeline.final
    #expect(final.processes[0].pte(at: address(7))
            == .present(PresentBits(pfn: 0x207, write: true, dirty: true, softDirty: kernel == .v6_8)))
    let page = try #require(final.frame(0x207))
    #expect(page.order == 0 && page.mapcount == 1 && page.refcount == 1 && page.anonExclusive)
  }

  @Test("A PMD migrated whole to device-private memory keeps soft-dirty and uffd-wp, readable")
  func devicePrivatePMD() throws {
    let timeline = Simulation.run(Self.thp(PresentBits(pfn: 0x200, young: true, softDirty: true, uffdWp: true)),
                                  kernel: .v7_0)
    #expect(timeline.violations.isEmpty, "\(timeline.violations)")
    let final = timeline.final
    guard case .devicePrivate(let entry) = final.processes[0].pmd(at: vmaStart) else {
      Issue.record("expected a device-private PMD, found \(final.processes[0].pmd(at: vmaStart))")
      return
    }
    #expect(entry == DevicePrivateEntry(pfn: entry.pfn, write: false, softDirty: true, uffdWp: true))
    let head = try #require(final.frame(entry.pfn))
    // The mapping's reference and the driver's: folio_get in remove_migration_pmd, and the
    // device folio's own (zone_device_page_init), which finalize's folio_put does not drop.
    #expect(head.zone == .devicePrivate && head.order == 9 && head.mapcount == 1 && head.anonExclusive)
    #expect(final.frame(entry.pfn + 1)?.anonExclusive == false)
    #expect(final.frame(0x200)?.free == true)
  }
}
