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
}
