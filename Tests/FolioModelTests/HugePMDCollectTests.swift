import FolioModel
import FolioScenario
import Testing

/// A 512-page VMA of process A whose PMD is a device-private entry for the order-9 device THP
/// `pfn`, in a machine where DEV0 and DEV1 each have room for one.
func devicePMDScenario(pfn: UInt64, folio: FolioSpec? = nil, select: MigrateSelect, faultPage: UInt64? = nil)
  -> Scenario {
  var memory = specMemory
  memory.system = PfnRange(start: 0x100, count: 0x400)
  memory.devices = [
    DeviceSpec(name: "DEV0", type: .devicePrivate, range: PfnRange(start: 0x800, count: 0x400)),
    DeviceSpec(name: "DEV1", type: .devicePrivate, range: PfnRange(start: 0xc00, count: 0x400)),
  ]
  return Scenario(
    name: "device-pmd", title: "device-pmd", memory: memory, folios: [folio ?? FolioSpec(pfn: pfn, order: 9)],
    processes: [ProcessSpec(name: "A", vmas: [VMASpec(start: vmaStart, pages: 512, mappings: [
      MappingSpec(page: 0, entry: .devicePrivatePMD, pfn: pfn, write: true),
    ])])],
    calls: [.migrateVMA(MigrateVMACall(process: "A", start: vmaStart, end: address(512), select: select, owner: "DEV0",
                                       faultPage: faultPage))])
}

/// v7.0's migrate_vma_collect_huge_pmd(): what it selects, and what it leaves behind on the folio.
@Suite("migrate_vma_collect_huge_pmd")
struct HugePMDCollectTests {
  @Test("A device-private PMD of another pgmap owner is skipped whole: 512 zero entries, the PMD untouched")
  func otherOwnersDevicePMDIsSkipped() throws {
    let timeline = Simulation.run(devicePMDScenario(pfn: 0xc00, select: [.devicePrivate, .compound]), kernel: .v7_0)
    #expect(timeline.violations.isEmpty, "\(timeline.violations)")
    let call = try #require(timeline.final.calls.first)
    #expect(call.src.count == 512 && call.src.allSatisfy { $0 == 0 })
    #expect(call.cpages == 0)
    let skipped = try #require(timeline.steps.first { $0.function == "migrate_vma_collect_huge_pmd" })
    #expect(skipped.label == "not_selected")
    #expect(timeline.final.processes[0].pmd(at: vmaStart) == .devicePrivate(DevicePrivateEntry(pfn: 0xc00, write: true)))
    let thp = try #require(timeline.final.frame(0xc00))
    #expect((thp.order, thp.refcount, thp.mapcount, thp.isLocked) == (9, 1, 1, false))
  }

  @Test("set_pmd_migration_entry() shares the THP's PageAnonExclusive away while the PMD is a migration entry")
  func pmdMigrationEntryClearsAnonExclusive() throws {
    let timeline = Simulation.run(thpScenario(select: [.system, .compound]), kernel: .v7_0)
    #expect(timeline.violations.isEmpty, "\(timeline.violations)")
    #expect(timeline.state(at: 0).frame(0x200)?.anonExclusive == true)
    let collected = try #require(timeline.steps.first { $0.function == "migrate_vma_collect_huge_pmd" && $0.label == "compound" })
    let state = timeline.state(at: collected.index)
    #expect(state.frame(0x200)?.anonExclusive == false, "folio_try_share_anon_rmap_pmd() cleared it")
    #expect(state.processes[0].pmd(at: vmaStart)
            == .migration(MigrationEntry(pfn: 0x200, kind: .write, young: true, dirty: true)))
    #expect(state.calls[0].src[0] == 0x200 << 6 | MigratePFN.valid | MigratePFN.migrate | MigratePFN.write | MigratePFN.compound)
    let thp = try #require(state.frame(0x200))
    // folio_get() plus the PMD mapping's reference, less the one the migration entry drops.
    #expect((thp.refcount, thp.mapcount, thp.lockedBy) == (1, 0, .migration))
  }

  @Test("A split fault folio keeps its caller's lock on the head; split_folio() leaves the other pieces unlocked")
  func splitFaultFolioKeepsItsLock() throws {
    // A hand-written call whose fault page has no fault-handler reference (a validator warning),
    // so split_folio() can account for every reference and succeeds.
    let scenario = devicePMDScenario(pfn: 0x800, folio: FolioSpec(pfn: 0x800, order: 9, lockedByOther: true),
                                     select: .devicePrivate, faultPage: 0x800)
    let timeline = Simulation.run(scenario, kernel: .v7_0)
    let split = try #require(timeline.steps.first { $0.function == "migrate_vma_collect_huge_pmd" && $0.label == "split" })
    let afterSplit = timeline.state(at: split.index)
    #expect(afterSplit.frame(0x800)?.lockedBy == .otherThread, "fault_folio == folio: collect does not unlock it")
    #expect(afterSplit.frame(0x801)?.isLocked == false)
    #expect(afterSplit.frame(0x800)?.order == 0)
    let collected = try #require(timeline.steps.first { $0.function == "migrate_vma_collect" && $0.label == "done" })
    #expect(timeline.state(at: collected.index).frame(0x800)?.lockedBy == .otherThread)
  }
}

/// v7.0's migrate_device_range() reads each folio's size when it locks it.
@Suite("migrate_device_range on a device THP")
struct DeviceRangeCompoundTests {
  @Test("The lock loop itself marks a large folio's entry COMPOUND and zeroes its other slots, before unmap runs")
  func lockLoopMarksCompound() throws {
    var scenario = devicePMDScenario(pfn: 0x800, select: .devicePrivate)
    scenario.calls = [.migrateDeviceRange(startPfn: 0x800, pages: 512, driver: DriverSpec())]
    let timeline = Simulation.run(scenario, kernel: .v7_0)
    #expect(timeline.violations.isEmpty, "\(timeline.violations)")
    let locked = try #require(timeline.steps.first { $0.function == "migrate_device_pfn_lock" && $0.label == "locked" })
    let state = timeline.state(at: locked.index)
    #expect(state.calls[0].src[0] == 0x800 << 6 | MigratePFN.valid | MigratePFN.migrate | MigratePFN.compound)
    #expect(state.calls[0].src.dropFirst().allSatisfy { $0 == 0 })
    #expect(state.frame(0x800).map { ($0.refcount, $0.lockedBy) } ?? (0, nil) == (2, .migration))
    #expect(!timeline.steps[..<locked.index].contains { $0.phase == .unmap }, "unmap has not run yet")
  }
}
