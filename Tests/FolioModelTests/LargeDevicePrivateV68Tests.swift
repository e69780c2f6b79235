import FolioModel
import FolioScenario
import Testing

/// v6.8 has no migrate_vma_split_folio(): its PTE loop collects a page of a large device-private
/// folio like any other (folio_trylock, migration entry), and migrate_vma_check_page() refuses
/// the compound page at unmap, so the folio is restored whole. (Large device folios came with the
/// v6.19 THP series; the validator warns, the model still runs it.)
@Suite("v6.8 and a PTE-mapped large device-private folio")
struct LargeDevicePrivateV68Tests {
  @Test("Not split at collect: slot 0 gets a migration entry, slot 1 fails the trylock, unmap refuses and restores it")
  func largeDeviceFolioIsCollectedThenRefused() throws {
    let scenario = specScenario(
      folios: [FolioSpec(pfn: 0x800, order: 1)],
      mappings: (0..<2).map { MappingSpec(page: $0, entry: .devicePrivate, pfn: 0x800 + UInt64($0), write: true) },
      pages: 2, select: .devicePrivate)
    let timeline = Simulation.run(scenario, kernel: .v6_8)
    #expect(timeline.violations.isEmpty, "\(timeline.violations)")
    #expect(!timeline.steps.contains { $0.function == "migrate_vma_split_folio" })
    let collect = timeline.steps.filter { $0.phase == .collect && $0.slot != nil }
    #expect(collect.map(\.label) == ["migration_entry", "trylock"])
    let collected = timeline.state(at: collect[1].index)
    #expect(collected.calls[0].src == [0x800 << 6 | MigratePFN.valid | MigratePFN.migrate | MigratePFN.write, 0])
    #expect(collected.processes[0].pte(at: vmaStart) == .migration(MigrationEntry(pfn: 0x800, kind: .write)))
    #expect(collected.frame(0x800).map { ($0.order, $0.lockedBy) } ?? (0, nil) == (1, .migration))
    let final = timeline.final
    #expect(final.calls[0].src == [0, 0])
    #expect(final.processes[0].pte(at: vmaStart) == .devicePrivate(DevicePrivateEntry(pfn: 0x800, write: true)))
    #expect(final.processes[0].pte(at: address(1)) == .devicePrivate(DevicePrivateEntry(pfn: 0x801, write: true)))
    let folio = try #require(final.frame(0x800))
    #expect((folio.order, folio.refcount, folio.mapcount, folio.isLocked) == (1, 2, 2, false))
  }
}
