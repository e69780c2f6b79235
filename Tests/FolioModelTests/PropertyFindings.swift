import FolioModel
import FolioScenario
import Testing

/// Minimal scenarios for engine bugs the random scenarios found. They failed before the
/// engine was fixed (one of them by crashing the test process with a stack overflow).
@Suite("Findings of the random scenarios")
struct PropertyFindings {
  /// Process A's first 2 MiB map the device THP at 0xc00 with a device-private PMD.
  static func devicePMD(fault driver: DriverSpec) -> Scenario {
    var memory = specMemory
    memory.system = PfnRange(start: 0x100, count: 0x500)
    memory.devices = [DeviceSpec(name: "DEV0", type: .devicePrivate, range: PfnRange(start: 0x800, count: 0x800))]
    return Scenario(
      name: "device-pmd-fault", title: "A CPU read in a device-private PMD", memory: memory,
      folios: [FolioSpec(pfn: 0xc00, order: 9)],
      processes: [ProcessSpec(name: "A", vmas: [VMASpec(start: vmaStart, pages: 512, mappings: [
        MappingSpec(page: 0, entry: .devicePrivatePMD, pfn: 0xc00, write: true),
      ])])],
      calls: [.cpuFault(process: "A", address: address(282), write: false, driver: driver)])
  }

  /// do_huge_pmd_device_private() sets vmf->page to the page the PMD entry names (the head), so
  /// the fault reference is counted in folio_migrate_mapping and the THP comes back whole.
  @Test("A CPU fault on a device-private PMD brings the THP back to RAM")
  func devicePMDFaultMigratesBack() throws {
    let timeline = Simulation.run(Self.devicePMD(fault: DriverSpec()))
    #expect(timeline.violations.isEmpty, "\(timeline.violations)")
    let call = try #require(timeline.final.calls.first)
    #expect(call.faultPage == 0xc00)
    #expect(call.src[0] == 0x3001b)
    // remove_migration_pmd() makes it old (a device-private entry has no A/D bits); the
    // retried load then makes the PMD young.
    #expect(timeline.final.processes[0].pmd(at: vmaStart) == .huge(PresentBits(pfn: 0x200, write: true, young: true)))
    #expect(timeline.final.frame(0xc00)?.free == true)
  }

  /// When migrate_to_ram cannot move the PMD (here: no memory), the fault returns VM_FAULT_OOM
  /// and the model stops there, instead of refaulting until the stack overflows.
  @Test("A failed PMD fault stops with VM_FAULT_OOM instead of refaulting forever")
  func devicePMDFaultOOMStops() {
    let timeline = Simulation.run(Self.devicePMD(fault: DriverSpec(failAlloc: [0])))
    #expect(timeline.violations.isEmpty, "\(timeline.violations)")
    #expect(timeline.steps.contains { $0.function == "handle_mm_fault" && $0.label == "oom" })
    #expect(!timeline.steps.contains { $0.label == "refault" })
    #expect(timeline.final.processes[0].pmd(at: vmaStart) == .devicePrivate(DevicePrivateEntry(pfn: 0xc00, write: true)))
  }

  /// Mutation testing found these two rules held only by lucky random seeds.
  @Test("A shmem page is refused towards device memory at D4 and its PTE comes back")
  func shmemIsRefusedTowardsTheDevice() throws {
    var scenario = specScenario(folios: [FolioSpec(pfn: 0x100, backing: .shmem)],
                                mappings: [MappingSpec(page: 0, entry: .present, pfn: 0x100, write: true)], pages: 1)
    scenario.processes[0].vmas[0].kind = .sharedAnon
    let timeline = Simulation.run(scenario)
    #expect(timeline.violations.isEmpty, "\(timeline.violations)")
    let call = try #require(timeline.final.calls.first)
    #expect(call.src[0] & MigratePFN.migrate == 0 && MigratePFN.page(call.src[0]) == 0x100)
    #expect(timeline.steps.contains { $0.phase == .pages && $0.failed && $0.slot == 0 })
    #expect(timeline.final.processes[0].pte(at: vmaStart) == .present(PresentBits(pfn: 0x100, write: true)))
  }

  @Test("v7.0: a device-private PMD split at collect gives each PTE its own page")
  func aSplitDevicePMDNamesEachPage() throws {
    var scenario = Self.devicePMD(fault: DriverSpec())
    scenario.calls = [.migrateVMA(MigrateVMACall(process: "A", start: vmaStart, end: address(512), select: .devicePrivate,
                                                 owner: "DEV0", driver: DriverSpec(decline: Array(0..<512))))]
    let timeline = Simulation.run(scenario, kernel: .v7_0)
    #expect(timeline.violations.isEmpty, "\(timeline.violations)")
    for k in [0, 1, 255, 511] {
      guard case .devicePrivate(let entry) = timeline.final.processes[0].pte(at: address(k)) else {
        Issue.record("page \(k): \(String(describing: timeline.final.processes[0].pte(at: address(k))))")
        continue
      }
      #expect(entry.pfn == 0xc00 + UInt64(k))
    }
  }
}
