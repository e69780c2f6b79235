import FolioModel
import FolioScenario
import Testing

/// `split_folio()` puts every piece but the caller's: a piece nothing maps drops to refcount 0
/// and is freed, and the checker calls a folio with refcount 0 that was not freed a leak.
@Suite("A split frees the pieces nothing maps")
struct SplitFreeTests {
  @Test("An order-2 mTHP mapped by one PTE: collect splits it, and the three unmapped pieces are freed")
  func unmappedPiecesOfASystemMTHP() throws {
    let scenario = specScenario(folios: [FolioSpec(pfn: 0x104, order: 2)],
                                mappings: [MappingSpec(page: 0, entry: .present, pfn: 0x104, write: true)], pages: 1)
    let timeline = Simulation.run(scenario, kernel: .v7_0)
    #expect(timeline.violations.isEmpty, "\(timeline.violations)")
    let split = try #require(timeline.steps.first { $0.function == "migrate_vma_split_folio" })
    #expect(split.text.contains("3 pieces nothing maps go back to the buddy allocator"))
    let after = timeline.state(at: split.index)
    #expect([0x105, 0x106, 0x107].allSatisfy { after.frame($0)?.free == true })
    #expect(after.frame(0x104)?.refcount == 1 && after.frame(0x104)?.order == 0, "the mapped piece keeps its mapping's reference")
  }
}
