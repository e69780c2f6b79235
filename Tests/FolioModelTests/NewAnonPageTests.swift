import FolioModel
import FolioScenario
import Testing

/// `do_anonymous_page()` and `wp_page_copy()` map their new folio with
/// `folio_add_new_anon_rmap(RMAP_EXCLUSIVE)` and `folio_add_lru_vma()`: PageAnonExclusive,
/// mapped once on its one reference, on the LRU, unlocked; the PTE is dirty (`pte_mkdirty`) but
/// the folio is not PG_dirty (hydra-linux-7.0.0 mm/memory.c @ 08b3714a, mm/rmap.c @ e72a6879):
/// it becomes dirty only when collect or `try_to_migrate_one` finds the dirty PTE.
@Suite("A page a write fault allocates is exclusive, mapped once, with a dirty PTE but not PG_dirty")
struct NewAnonPageTests {
  @Test func holeAndCopy() throws {
    // Page 0 is a hole; page 1 maps 0x120 read-only, shared with B: a write to each allocates.
    let shared = MappingSpec(page: 1, entry: .present, pfn: 0x120)
    var scenario = specScenario(folios: [FolioSpec(pfn: 0x120)], mappings: [shared], pages: 2)
    scenario.processes.append(ProcessSpec(name: "B", vmas: [VMASpec(start: vmaStart, pages: 2, mappings: [shared])]))
    scenario.calls = [
      .cpuFault(process: "A", address: address(0), write: true, driver: DriverSpec()),
      .cpuFault(process: "A", address: address(1), write: true, driver: DriverSpec()),
    ]
    let timeline = Simulation.run(scenario, kernel: .v7_0)
    #expect(timeline.violations.isEmpty, "\(timeline.violations)")
    #expect(timeline.steps.filter { $0.phase == .fault }.map(\.label) == ["new_page", "copy"])
    for slot in [0, 1] {
      guard case .present(let bits) = timeline.final.processes[0].pte(at: address(slot)) else {
        Issue.record("page \(slot) is not present")
        continue
      }
      #expect(bits.dirty && bits.write)
      let page = try #require(timeline.final.frame(bits.pfn))
      #expect(!page.dirty && page.anonExclusive && page.lru && !page.isLocked)
      #expect(page.refcount == 1 && page.mapcount == 1 && page.mapping == .anon)
    }
  }
}
