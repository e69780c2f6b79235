import FolioModel
import FolioScenario
import Testing

/// The young, soft-dirty and uffd-wp bits through a migration, as `mm/migrate.c`'s
/// `remove_migration_pte()` and `mm/huge_memory.c`'s `__split_huge_pmd_locked()` rebuild them,
/// and through the write-fault paths, where `pte_mkdirty()` sets soft-dirty too. How a dirty
/// entry's soft-dirty bit comes back differs by kernel: see `RestoreEntryBitsTests`.
@Suite("Young, soft-dirty and uffd-wp bits through a migration")
struct SoftDirtyAndUffdTests {
  /// One page of A mapped with `bits`, which the driver declines: collect, then the restore.
  static func declined(_ bits: PresentBits) -> Timeline {
    Simulation.run(specScenario(
      folios: [FolioSpec(pfn: 0x100)],
      mappings: [MappingSpec(page: 0, entry: .present, pfn: 0x100, write: bits.write, dirty: bits.dirty, young: bits.young,
                             softDirty: bits.softDirty, uffdWp: bits.uffdWp)],
      pages: 1, driver: DriverSpec(decline: [0])))
  }

  @Test("A clean, old, uffd-wp PTE comes back clean, old and uffd-wp; a young one young", arguments: [false, true])
  func cleanKeepsItsBits(young: Bool) throws {
    let timeline = Self.declined(PresentBits(pfn: 0x100, young: young, softDirty: true, uffdWp: true))
    #expect(timeline.violations.isEmpty, "\(timeline.violations)")
    let collected = try #require(timeline.steps.first { $0.function == "migrate_vma_collect_pmd" && $0.label == "migration_entry" })
    #expect(timeline.state(at: collected.index).processes[0].pte(at: vmaStart)
            == .migration(MigrationEntry(pfn: 0x100, kind: .readExclusive, young: young, softDirty: true, uffdWp: true)))
    #expect(timeline.final.processes[0].pte(at: vmaStart)
            == .present(PresentBits(pfn: 0x100, young: young, softDirty: true, uffdWp: true)))
  }

  @Test("Splitting a clean PMD gives clean PTEs: only a dirty one goes through pte_mkdirty()",
        arguments: KernelVersion.allCases)
  func splitCleanPMDStaysClean(kernel: KernelVersion) {
    var scenario = specScenario(folios: [FolioSpec(pfn: 0x200, order: 9)],
                                mappings: [MappingSpec(page: 0, entry: .hugePMD, pfn: 0x200, write: true, young: true)],
                                pages: 512, driver: DriverSpec(decline: Array(0..<512)))
    scenario.memory.system = PfnRange(start: 0x100, count: 0x500)
    let timeline = Simulation.run(scenario, kernel: kernel)
    #expect(timeline.violations.isEmpty, "\(timeline.violations)")
    #expect(timeline.final.processes[0].pte(at: address(7)) == .present(PresentBits(pfn: 0x207, write: true, young: true)))
    #expect(timeline.final.frame(0x207)?.dirty == false)
  }

  @Test("A write to a uffd-wp PTE goes to userfaultfd and changes nothing")
  func uffdWriteFault() throws {
    let mapping = MappingSpec(page: 0, entry: .present, pfn: 0x100, young: true, uffdWp: true)
    var scenario = specScenario(folios: [FolioSpec(pfn: 0x100)], mappings: [mapping], pages: 1)
    scenario.calls = [.cpuFault(process: "A", address: vmaStart, write: true, driver: DriverSpec())]
    let timeline = Simulation.run(scenario)
    #expect(timeline.violations.isEmpty, "\(timeline.violations)")
    #expect(timeline.steps.contains { $0.function == "do_wp_page" && $0.label == "uffd_wp" })
    #expect(timeline.final.processes[0].pte(at: vmaStart) == .present(PresentBits(pfn: 0x100, young: true, uffdWp: true)))
  }

  @Test("do_wp_page's reuse makes the PTE young, dirty and soft-dirty")
  func wpReuseIsYoung() {
    var scenario = specScenario(folios: [FolioSpec(pfn: 0x100)],
                                mappings: [MappingSpec(page: 0, entry: .present, pfn: 0x100)], pages: 1)
    scenario.calls = [.cpuFault(process: "A", address: vmaStart, write: true, driver: DriverSpec())]
    let timeline = Simulation.run(scenario)
    #expect(timeline.final.processes[0].pte(at: vmaStart)
            == .present(PresentBits(pfn: 0x100, write: true, dirty: true, young: true, softDirty: true)))
  }

  @Test("do_wp_page's copy maps the new page young, dirty and soft-dirty, whatever the old PTE's soft-dirty bit")
  func wpCopyIsSoftDirty() throws {
    // 0x100 shared read-only by A and B after a fork, neither PTE soft-dirty: A's write copies it.
    var scenario = specScenario(folios: [FolioSpec(pfn: 0x100)],
                                mappings: [MappingSpec(page: 0, entry: .present, pfn: 0x100)], pages: 1)
    scenario.processes.append(ProcessSpec(name: "B", vmas: [VMASpec(start: vmaStart, pages: 1, mappings: [
      MappingSpec(page: 0, entry: .present, pfn: 0x100),
    ])]))
    scenario.calls = [.cpuFault(process: "A", address: vmaStart, write: true, driver: DriverSpec())]
    let timeline = Simulation.run(scenario)
    #expect(timeline.violations.isEmpty, "\(timeline.violations)")
    let copy = try #require(timeline.steps.first { $0.function == "do_wp_page" && $0.label == "copy" })
    let new = try #require(copy.pfn)
    #expect(new != 0x100)
    #expect(timeline.final.processes[0].pte(at: vmaStart)
            == .present(PresentBits(pfn: new, write: true, dirty: true, young: true, softDirty: true)))
    #expect(timeline.final.processes[1].pte(at: vmaStart) == .present(PresentBits(pfn: 0x100)))
  }
}
