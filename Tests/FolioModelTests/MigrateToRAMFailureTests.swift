import FolioModel
import FolioScenario
import Testing

@Suite("migrate_to_ram when no system page can be had (spec §5.10, caveat C8)")
struct MigrateToRAMFailureTests {
  /// A CPU read of process A's device-private page 0x800, whose copy back cannot be allocated.
  func run(_ kernel: KernelVersion) -> Timeline {
    let scenario = Scenario(
      name: "fault-oom", title: "fault-oom", memory: specMemory, folios: [FolioSpec(pfn: 0x800)],
      processes: [ProcessSpec(name: "A", vmas: [VMASpec(start: vmaStart, pages: 1, mappings: [
        MappingSpec(page: 0, entry: .devicePrivate, pfn: 0x800, write: true),
      ])])],
      calls: [.cpuFault(process: "A", address: vmaStart, write: false, driver: DriverSpec(failAlloc: [0]))])
    return Simulation.run(scenario, kernel: kernel)
  }

  @Test("v7.0: dmirror gives up with VM_FAULT_OOM (dst = W only); the fault is not retried")
  func newestReturnsOOM() throws {
    let timeline = run(.v7_0)
    #expect(timeline.violations.isEmpty, "\(timeline.violations)")
    let call = try #require(timeline.final.calls.first)
    #expect(call.dst == [0x8])
    #expect(call.src == [0x2000b], "finalize runs at once; nothing clears MIGRATE")
    #expect(timeline.steps.contains { $0.function == "handle_mm_fault" && $0.label == "oom" })
    #expect(!timeline.steps.contains { $0.label == "refault" })
    #expect(!timeline.steps.contains { $0.function == "migrate_vma_pages" })
    #expect(timeline.final.processes[0].pte(at: vmaStart) == .devicePrivate(DevicePrivateEntry(pfn: 0x800, write: true)))
    #expect(timeline.final.frame(0x800)?.refcount == 1)
    #expect(timeline.final.frame(0x800)?.isLocked == false)
  }

  @Test("v6.8: the pre-THP driver skips the page and returns 0; pages and finalize restore it, and it refaults")
  func preTHPSkipsAndRefaults() throws {
    let timeline = run(.v6_8)
    #expect(timeline.violations.isEmpty, "\(timeline.violations)")
    let call = try #require(timeline.final.calls.first)
    #expect(call.dst == [0])
    #expect(call.src == [0x20009], "migrate_vma_pages cleared MIGRATE: no destination")
    #expect(timeline.steps.contains { $0.label == "alloc_skip" })
    #expect(timeline.steps.contains { $0.function == "migrate_vma_pages" })
    #expect(timeline.steps.contains { $0.label == "refault" })
    #expect(!timeline.steps.contains { $0.label == "oom" })
    #expect(timeline.final.processes[0].pte(at: vmaStart) == .devicePrivate(DevicePrivateEntry(pfn: 0x800, write: true)))
    #expect(timeline.final.frame(0x800)?.refcount == 1)
  }

  @Test("v7.0: a compound fault whose small-page fallback runs out frees what it got and returns VM_FAULT_OOM")
  func compoundFallbackRunsOut() throws {
    var scenario = PropertyFindings.devicePMD(fault: DriverSpec(failCompoundAlloc: true))
    scenario.memory.system = PfnRange(start: 0x100, count: 0x100)  // 256 free pages, fewer than 512
    let timeline = Simulation.run(scenario, kernel: .v7_0)
    #expect(timeline.violations.isEmpty, "\(timeline.violations)")
    let call = try #require(timeline.final.calls.first)
    #expect(call.dst.allSatisfy { $0 == 0 })
    #expect(timeline.steps.contains { $0.label == "fallback_fail" })
    #expect(timeline.steps.contains { $0.function == "handle_mm_fault" && $0.label == "oom" })
    #expect(timeline.final.frames.allSatisfy { $0.zone.isDevice || $0.free })
    #expect(timeline.final.processes[0].pmd(at: vmaStart) == .devicePrivate(DevicePrivateEntry(pfn: 0xc00, write: true)))
  }

  /// Two device pages migrated to RAM, whose second allocation fails.
  static func givingUpAtSlot1(events: [EventSpec] = []) -> Scenario {
    Scenario(
      name: "to-sys-oom", title: "to-sys-oom", memory: specMemory, folios: [FolioSpec(pfn: 0x800), FolioSpec(pfn: 0x801)],
      processes: [ProcessSpec(name: "A", vmas: [VMASpec(start: vmaStart, pages: 2, mappings: [
        MappingSpec(page: 0, entry: .devicePrivate, pfn: 0x800, write: true),
        MappingSpec(page: 1, entry: .devicePrivate, pfn: 0x801, write: true),
      ])])],
      calls: [.migrateVMA(MigrateVMACall(process: "A", start: vmaStart, end: address(2), select: .devicePrivate,
                                         owner: "DEV0", driver: DriverSpec(failAlloc: [1])))],
      events: events)
  }

  @Test("v7.0: when the driver gives up, an after_pages get never runs, so the after_finalize put drops nothing (fuzzing)")
  func givingUpSkipsAGetSoItsPutDropsNothing() throws {
    var scenario = Self.givingUpAtSlot1(events: [EventSpec(at: .afterPages, action: .getReference(pfn: 0x801)),
                                                 EventSpec(at: .afterFinalize, action: .putReference(pfn: 0x801))])
    scenario.calls = [.migrateVMA(MigrateVMACall(process: "A", start: vmaStart, end: address(2), select: .devicePrivate,
                                                 owner: "DEV0", driver: DriverSpec(failAlloc: [0])))]
    let timeline = Simulation.run(scenario, kernel: .v7_0)
    #expect(timeline.violations.isEmpty, "\(timeline.violations)")
    let put = try #require(timeline.steps.first { $0.function == "folio_put" })
    #expect(put.label == "none", "\(put.text)")
    #expect(timeline.final.frame(0x801)?.refcount == 1, "the mapping's reference only")
  }

  @Test("v7.0: MIGRATE_TO_SYS giving up unlocks a source someone else still holds (finalize unlocks, its put does not free)")
  func givingUpUnlocks() throws {
    let timeline = Simulation.run(Self.givingUpAtSlot1(events: [EventSpec(at: .afterSetup, action: .getReference(pfn: 0x800))]),
                                  kernel: .v7_0)
    #expect(timeline.final.frame(0x800)?.free == false)
    #expect(timeline.final.frame(0x800)?.isLocked == false)
  }

  @Test("v7.0: MIGRATE_TO_SYS giving up at slot 1 strands slot 0: finalize restores nothing there, as in the kernel")
  func givingUpLaterStrandsEarlierSlots() throws {
    let timeline = Simulation.run(Self.givingUpAtSlot1(), kernel: .v7_0)
    let call = try #require(timeline.final.calls.first)
    #expect(call.src == [0x2000b, 0x2004b])
    #expect(call.dst == [0x4009, 0x8])
    // 0x100 never took over the mapping (no migrate_vma_pages), so the rmap walk finds nothing:
    // the migration entry stays, naming 0x800, which is freed; slot 1 is restored.
    #expect(timeline.final.processes[0].pte(at: vmaStart) == .migration(MigrationEntry(pfn: 0x800, kind: .write)))
    #expect(timeline.final.processes[0].pte(at: address(1)) == .devicePrivate(DevicePrivateEntry(pfn: 0x801, write: true)))
    #expect(timeline.final.frame(0x800)?.free == true)
    #expect(timeline.final.frame(0x100)?.free == true)
    let stranded = try #require(timeline.steps.first { $0.phase == .finalize && $0.slot == 0 })
    #expect(stranded.failed && stranded.text.contains("restores nothing"), "\(stranded.text)")
    #expect(timeline.steps.last?.text.contains("0 of 2 pages migrated") == true)
    // The checker reports the state the driver's bug leaves: a migration entry naming a free page.
    #expect(timeline.violations.map(\.rule) == ["free-and-used"])
    #expect(timeline.violations.first?.message == "0x800 is free but still has a page-table entry naming it")
  }

  @Test("v7.0: MIGRATE_TO_SYS giving up at slot 0 skips the before_pages event but runs the after_finalize one")
  func givingUpSkipsThePagesEventPoints() throws {
    let scenario = Scenario(
      name: "to-sys-oom-events", title: "to-sys-oom-events", memory: specMemory, folios: [FolioSpec(pfn: 0x800)],
      processes: [ProcessSpec(name: "A", vmas: [VMASpec(start: vmaStart, pages: 1, mappings: [
        MappingSpec(page: 0, entry: .devicePrivate, pfn: 0x800, write: true),
      ])])],
      calls: [.migrateVMA(MigrateVMACall(process: "A", start: vmaStart, end: address(1), select: .devicePrivate,
                                         owner: "DEV0", driver: DriverSpec(failAlloc: [0])))],
      events: [EventSpec(at: .beforePages, action: .getReference(pfn: 0x800)),
               EventSpec(at: .afterFinalize, action: .getReference(pfn: 0x800))])
    let timeline = Simulation.run(scenario, kernel: .v7_0)
    #expect(timeline.violations.isEmpty, "\(timeline.violations)")
    #expect(timeline.final.processes[0].pte(at: vmaStart) == .devicePrivate(DevicePrivateEntry(pfn: 0x800, write: true)))
    #expect(timeline.final.frame(0x800)?.refcount == 2, "the mapping's reference and the after_finalize event's only")
    let events = timeline.steps.filter { $0.phase == .event }
    #expect(events.count == 1)
    #expect(try #require(timeline.steps.firstIndex { $0.phase == .event })
      > (try #require(timeline.steps.lastIndex { $0.phase == .finalize })))
  }

  @Test("v7.0: a compound entry whose allocation fails, whole and small, is zeroed before dmirror gives up")
  func compoundAllocationFailureZeroesTheRun() throws {
    var memory = specMemory
    memory.system = PfnRange(start: 0x100, count: 0x400)
    memory.devices = [DeviceSpec(name: "DEV0", type: .devicePrivate, range: PfnRange(start: 0x800, count: 0x400))]
    let scenario = Scenario(
      name: "thp-back-oom", title: "thp-back-oom", memory: memory, folios: [FolioSpec(pfn: 0x800, order: 9)],
      processes: [ProcessSpec(name: "A", vmas: [VMASpec(start: vmaStart, pages: 512, mappings: [
        MappingSpec(page: 0, entry: .devicePrivatePMD, pfn: 0x800, write: true),
      ])])],
      calls: [.migrateVMA(MigrateVMACall(process: "A", start: vmaStart, end: address(512), select: [.devicePrivate, .compound],
                                         owner: "DEV0", driver: DriverSpec(failAlloc: [0])))])
    let timeline = Simulation.run(scenario, kernel: .v7_0)
    #expect(timeline.violations.isEmpty, "\(timeline.violations)")
    let call = try #require(timeline.final.calls.first)
    #expect(call.src[0] == 0x2001b)
    #expect(call.dst[0] == 0, "the fallback's failure zeroes dst, W included")
    #expect(timeline.final.processes[0].pmd(at: vmaStart) == .devicePrivate(DevicePrivateEntry(pfn: 0x800, write: true)))
  }
}
