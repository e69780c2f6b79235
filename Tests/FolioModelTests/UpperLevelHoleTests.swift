import FolioModel
import FolioScenario
import Testing

/// walk_page_range reports a range under an empty PUD or PGD entry to migrate_vma_collect_hole()
/// in one call, not one PMD at a time: with SELECT_COMPOUND, an aligned hole of several PMDs
/// becomes one compound entry and the rest of it is skipped.
@Suite("A compound hole under an empty upper-level page table")
struct UpperLevelHoleTests {
  /// A 4 MiB anon VMA at `vmaStart` with `mapped` pages of a second VMA at `other`, and one
  /// compound migration of the first.
  func run(other: UInt64?) -> Timeline {
    var memory = specMemory
    memory.devices = [DeviceSpec(name: "DEV0", type: .devicePrivate, range: PfnRange(start: 0x800, count: 0x400))]
    var vmas = [VMASpec(start: vmaStart, pages: 1024)]
    var folios: [FolioSpec] = []
    if let other {
      vmas.append(VMASpec(start: other, pages: 1, mappings: [MappingSpec(page: 0, entry: .present, pfn: 0x100, write: true)]))
      folios.append(FolioSpec(pfn: 0x100))
    }
    let scenario = Scenario(
      name: "upper-hole", title: "upper-hole", memory: memory, folios: folios,
      processes: [ProcessSpec(name: "A", vmas: vmas)],
      calls: [.migrateVMA(MigrateVMACall(process: "A", start: vmaStart, end: address(1024), select: [.system, .compound],
                                         owner: "DEV0"))])
    return Simulation.run(scenario, kernel: .v7_0)
  }

  @Test("Nothing mapped in the 1 GiB around it: one compound entry for the first 2 MiB, the rest skipped")
  func emptyPUDIsOneHole() throws {
    let timeline = run(other: nil)
    #expect(timeline.violations.isEmpty, "\(timeline.violations)")
    let call = try #require(timeline.final.calls.first)
    #expect(call.src[0] == 0x12 && call.src[1...].allSatisfy { $0 == 0 })
    #expect(call.cpages == 1)
    #expect(timeline.final.processes[0].pmd(at: vmaStart) != .table, "the first 2 MiB got a device THP")
    #expect(timeline.final.processes[0].pmd(at: vmaStart + 0x200000) == .table, "the second was never collected")
    #expect(timeline.steps.contains { $0.text.contains("The next 1023 entries are written as 0") })
    // __migrate_device_pages opens an MMU-notifier range before the first hole it fills.
    let done = try #require(timeline.steps.last { $0.phase == .pages && $0.label == "done" })
    #expect(done.text.contains("The first hole opened an MMU-notifier range to the end (invalidate_range_start, "
      + "MMU_NOTIFY_MIGRATE, owner DEV0)"), "\(done.text)")
  }

  @Test("A page mapped elsewhere in the same 1 GiB: the walk goes PMD by PMD, two compound entries")
  func populatedPUDIsWalkedByPMD() throws {
    let timeline = run(other: vmaStart + 0x1000_0000)
    #expect(timeline.violations.isEmpty, "\(timeline.violations)")
    let call = try #require(timeline.final.calls.first)
    #expect(call.src[0] == 0x12 && call.src[512] == 0x12)
    #expect(call.cpages == 2)
  }
}
