import FolioModel
import FolioScenario
import Testing

/// A migrate_vma call back to RAM (SELECT_DEVICE_PRIVATE only) still marks an anonymous hole
/// MIGRATE, but dmirror's way back (dmirror_devmem_fault_alloc_and_copy) skips an entry without a
/// source page: dst stays 0, and migrate_vma_pages() takes MIGRATE away.
@Suite("A hole in a migration back to RAM")
struct MigrateToRAMHoleTests {
  @Test("The hole gets src = MIGRATE, no destination, and loses MIGRATE in migrate_vma_pages; its PTE stays none",
        arguments: KernelVersion.allCases)
  func holeIsNotPopulated(kernel: KernelVersion) throws {
    let scenario = specScenario(folios: [FolioSpec(pfn: 0x800)],
                                mappings: [MappingSpec(page: 0, entry: .devicePrivate, pfn: 0x800, write: true)],
                                pages: 2, select: .devicePrivate)
    let timeline = Simulation.run(scenario, kernel: kernel)
    #expect(timeline.violations.isEmpty, "\(timeline.violations)")
    let hole = try #require(timeline.steps.first { $0.phase == .collect && $0.slot == 1 })
    #expect(hole.label == "pte_none")
    #expect(timeline.state(at: hole.index).calls[0].src[1] == MigratePFN.migrate)
    #expect(!timeline.steps.contains { $0.phase == .driver && $0.slot == 1 }, "the driver passes the hole by silently")
    let call = try #require(timeline.final.calls.first)
    #expect(call.dst[1] == 0)
    #expect(call.src[1] == 0, "migrate_vma_pages() cleared MIGRATE of the entry without a destination")
    #expect(timeline.final.processes[0].pte(at: address(1)) == PTE.none)
    // Slot 0 came home: one system page allocated, none for the hole.
    #expect(MigratePFN.page(call.dst[0]).map { timeline.final.frame($0)?.zone } == .normal)
    #expect(timeline.final.frames.filter { $0.zone == .normal && !$0.free }.count == 1)
  }
}
