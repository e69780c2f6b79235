import FolioModel
import FolioScenario
import Testing

@Suite("migrate_vma_setup's argument checks on an unaligned range (spec §5.1)")
struct SetupArgumentTests {
  /// Process A's 4-page VMA with one present page, migrated over `start`…`end`.
  func run(start: UInt64, end: UInt64) -> Timeline {
    var scenario = specScenario(folios: [FolioSpec(pfn: 0x100)],
                                mappings: [MappingSpec(page: 0, entry: .present, pfn: 0x100, write: true)], pages: 4)
    scenario.calls = [.migrateVMA(MigrateVMACall(process: "A", start: start, end: end, owner: "DEV0"))]
    return Simulation.run(scenario)
  }

  @Test("An end unaligned past the VMA is masked first: setup succeeds over the whole VMA")
  func unalignedEndIsMasked() {
    // nr_pages = 0x4800 >> 12 = 4, and the masked end is the VMA's end.
    let timeline = run(start: vmaStart, end: address(4) + 0x800)
    #expect(timeline.violations.isEmpty, "\(timeline.violations)")
    #expect(timeline.final.calls[0].setupResult == 0)
    #expect(timeline.final.calls[0].src == [0x400b, 0x2, 0x2, 0x2], "the page and three holes migrate")
    #expect(timeline.final.calls[0].end == address(4))
  }

  @Test("An end past the VMA by a page is still -EINVAL")
  func endPastTheVMA() {
    let timeline = run(start: vmaStart, end: address(5))
    #expect(timeline.final.calls[0].setupResult == -22)
  }

  @Test("A start below the VMA whose end lies inside it: the driver's find_vma() VMA is named, and start is outside it")
  func startBelowTheVMA() throws {
    let timeline = run(start: vmaStart - 4096, end: address(2))
    #expect(timeline.final.calls[0].setupResult == -22)
    let refused = try #require(timeline.steps.first { $0.function == "migrate_vma_setup" && $0.failed })
    #expect(refused.label == "range")
    #expect(refused.text.contains("start 0x7efffffff000 lies outside the VMA 0x7f0000000000–0x7f0000004000"), "\(refused.text)")
  }

  @Test("An unaligned start does not crash the model: its walk has room for the extra entry")
  func unalignedStartWalksTheAlignedRange() {
    // nr_pages = 0x1800 >> 12 = 1; the kernel's walk appends two entries (the validator refuses this).
    let timeline = run(start: vmaStart + 0x800, end: address(2))
    #expect(timeline.violations.isEmpty, "\(timeline.violations)")
    #expect(timeline.final.calls[0].setupResult == 0)
    #expect(timeline.final.calls[0].src == [0x400b, 0x2])
  }

  @Test("A refused call's last word says setup returned -EINVAL, not that nothing migrated")
  func doneTextOfARefusedCall() {
    let timeline = run(start: vmaStart + 0x2000, end: vmaStart + 0x1000)
    #expect(timeline[timeline.count - 1].text == "Done. call 1 (migrate_vma): migrate_vma_setup() returned -22, nothing collected.")
  }
}
