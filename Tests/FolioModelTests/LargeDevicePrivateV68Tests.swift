import FolioModel
import FolioScenario
import Testing

/// v6.8 has no migrate_vma_split_folio(), and its PTE loop ends both branches, present and
/// device-private, with the "FIXME support THP" test (`PageTransCompound`): every page of a
/// PTE-mapped large device-private folio gets src = 0 and its entry is left alone. (Large device
/// folios came with the v6.19 THP series; the validator warns, the model still runs it.)
@Suite("v6.8 and a PTE-mapped large device-private folio")
struct LargeDevicePrivateV68Tests {
  @Test("Skipped at collect like a present large folio: src = 0, no trylock, entries and counts untouched")
  func largeDeviceFolioIsSkipped() throws {
    let scenario = specScenario(
      folios: [FolioSpec(pfn: 0x800, order: 1)],
      mappings: (0..<2).map { MappingSpec(page: $0, entry: .devicePrivate, pfn: 0x800 + UInt64($0), write: true) },
      pages: 2, select: .devicePrivate)
    let timeline = Simulation.run(scenario, kernel: .v6_8)
    #expect(timeline.violations.isEmpty, "\(timeline.violations)")
    #expect(!timeline.steps.contains { $0.function == "migrate_vma_split_folio" })
    let collect = timeline.steps.filter { $0.phase == .collect && $0.slot != nil }
    #expect(collect.map(\.label) == ["thp_skip", "thp_skip"])
    #expect(collect.allSatisfy { $0.function == "migrate_vma_collect_pmd" && $0.failed })
    let collected = timeline.state(at: collect[1].index)
    #expect(collected.calls[0].src == [0, 0] && collected.calls[0].cpages == 0)
    #expect(!timeline.steps.contains { $0.phase == .unmap && $0.slot != nil }, "cpages is 0: no migrate_vma_unmap()")
    for k in 0..<2 {
      #expect(collected.processes[0].pte(at: address(k))
              == .devicePrivate(DevicePrivateEntry(pfn: 0x800 + UInt64(k), write: true)))
    }
    let folio = try #require(timeline.final.frame(0x800))
    #expect((folio.order, folio.refcount, folio.mapcount, folio.isLocked) == (1, 2, 2, false))
  }
}
