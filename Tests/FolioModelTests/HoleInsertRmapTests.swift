import FolioModel
import FolioScenario
import Testing

/// migrate_vma_insert_page() maps a new anon folio: folio_add_new_anon_rmap(RMAP_EXCLUSIVE) makes
/// its page PageAnonExclusive, as do_anonymous_page's would be.
@Suite("migrate_vma_insert_page's rmap")
struct HoleInsertRmapTests {
  @Test("A hole and a zero page filled on the device get an exclusive anon rmap: mapped once, PageAnonExclusive",
        arguments: KernelVersion.allCases)
  func insertedPageIsAnonExclusive(kernel: KernelVersion) throws {
    let scenario = specScenario(folios: [], mappings: [MappingSpec(page: 1, entry: .zero)], pages: 2)
    let timeline = Simulation.run(scenario, kernel: kernel)
    #expect(timeline.violations.isEmpty, "\(timeline.violations)")
    for (slot, pfn) in [(0, UInt64(0x800)), (1, 0x801)] {
      let inserted = try #require(timeline.steps.first { $0.function == "migrate_vma_insert_page" && $0.slot == slot })
      #expect(inserted.label == "set_pte")
      let page = try #require(timeline.state(at: inserted.index).frame(pfn))
      #expect((page.mapping, page.mapcount, page.anonExclusive) == (.anon, 1, true), "slot \(slot)")
      #expect(timeline.final.frame(pfn)?.anonExclusive == true)
    }
  }
}
