import FolioModel
import FolioScenario
import Testing

/// migrate_vma_setup() with nothing to do: a range of no whole page is -EINVAL (nr_pages <= 0),
/// and a walk that collects nothing (cpages 0) never calls migrate_vma_unmap().
@Suite("migrate_vma_setup with nothing to do")
struct SetupNothingToDoTests {
  /// Process A's 4-page VMA with `folios` mapped at its first pages, migrated over `start`…`end`.
  func run(start: UInt64, end: UInt64, folios: [FolioSpec] = [FolioSpec(pfn: 0x100)]) -> Timeline {
    var scenario = specScenario(
      folios: folios,
      mappings: folios.enumerated().map { MappingSpec(page: $0.offset, entry: .present, pfn: $0.element.pfn, write: true) },
      pages: 4)
    scenario.calls = [.migrateVMA(MigrateVMACall(process: "A", start: start, end: end, owner: "DEV0"))]
    return Simulation.run(scenario)
  }

  @Test("Less than a page inside the VMA: both ends mask to the same page, nr_pages = 0 ⇒ -EINVAL",
        arguments: [UInt64(0), 0x800])
  func noWholePageIsRefused(past: UInt64) throws {
    let timeline = run(start: address(1), end: address(1) + past)
    #expect(timeline.final.calls[0].setupResult == -22)
    let refused = try #require(timeline.steps.first { $0.function == "migrate_vma_setup" && $0.failed })
    #expect(refused.label == "nr_pages")
    #expect(refused.text.contains("nr_pages = (end − start) >> PAGE_SHIFT = 0"), "\(refused.text)")
    #expect(!timeline.steps.contains { $0.phase == .collect })
  }

  @Test("A walk that collects nothing (a pinned page, cpages 0): migrate_vma_unmap() is not called")
  func noCollectedPageSkipsUnmap() throws {
    let timeline = run(start: vmaStart, end: address(1), folios: [FolioSpec(pfn: 0x100, pins: 1)])
    #expect(timeline.violations.isEmpty, "\(timeline.violations)")
    let call = try #require(timeline.final.calls.first)
    #expect((call.setupResult, call.cpages, call.src) == (0, 0, [0]))
    let unmap = timeline.steps.filter { $0.phase == .unmap }
    #expect(unmap.map(\.function) == ["migrate_vma_setup"])
    #expect(unmap.first?.text == "cpages is 0, so migrate_vma_unmap() is not called.")
  }
}
