import FolioModel
import FolioScenario
import Testing

@Suite("CPU accesses the fault handler refuses or meets at the PMD (spec §3)")
struct FaultAccessTests {
  @Test("A touch of a THP under compound migration waits on its PMD migration entry, then finds the device page")
  func pmdMigrationEntryWaits() throws {
    var scenario = thpScenario(select: [.system, .compound])
    scenario.events = [EventSpec(at: .afterSetup, action: .cpuAccess(process: "A", address: address(3), write: false))]
    let timeline = Simulation.run(scenario, kernel: .v7_0)
    #expect(timeline.violations.isEmpty, "\(timeline.violations)")
    let wait = try #require(timeline.steps.first { $0.function == "pmd_migration_entry_wait" })
    #expect(wait.pfn == 0x200)
    // No 4 KiB page was faulted in under the PMD: it waited, and the access was retried after
    // finalize, when the PMD is a device-private entry, so it migrates the THP back to RAM.
    #expect(timeline.state(at: wait.index).processes[0].pte(at: address(3)) == PTE.none)
    let wake = try #require(timeline.steps.first { $0.label == "wake" })
    #expect(wake.index > wait.index)
    #expect(timeline.steps.contains { $0.function == "do_huge_pmd_device_private" && $0.index > wake.index })
  }

  @Test("An access a PMD-mapped THP allows goes through; a write to a read-only one is outside the model")
  func hugePMDAccess() throws {
    var scenario = thpScenario(select: .system)
    scenario.calls = [.cpuFault(process: "A", address: address(7), write: true, driver: DriverSpec())]
    let writable = Simulation.run(scenario)
    #expect(writable.steps.contains { $0.label == "pmd_huge" && $0.pfn == 0x200 })
    #expect(writable.final.processes[0].pmd(at: vmaStart) == .huge(PresentBits(pfn: 0x200, write: true, dirty: true, young: true)))
    #expect(writable.final.processes[0].pte(at: address(7)) == PTE.none)

    scenario.processes[0].vmas[0].mappings[0].write = false
    let readOnly = Simulation.run(scenario)
    #expect(readOnly.steps.contains { $0.label == "pmd_wp" && $0.pfn == 0x200 })
    #expect(readOnly.final.processes[0].pmd(at: vmaStart) == .huge(PresentBits(pfn: 0x200, dirty: true, young: true)))
  }

  @Test("v7.0: a device-private PMD whose THP is locked: do_huge_pmd_device_private's trylock fails, no do_swap_page")
  func lockedDevicePMD() throws {
    var scenario = PropertyFindings.devicePMD(fault: DriverSpec())
    scenario.folios[0].lockedByOther = true
    let timeline = Simulation.run(scenario, kernel: .v7_0)
    let trylock = try #require(timeline.steps.first { $0.label == "trylock" })
    #expect(trylock.function == "do_huge_pmd_device_private")
    #expect(!timeline.steps.contains { $0.function == "do_swap_page" })
    #expect(timeline.final.waiters.count == 1)
    #expect(timeline.final.processes[0].pmd(at: vmaStart) == .devicePrivate(DevicePrivateEntry(pfn: 0xc00, write: true)))
  }

  @Test("A write to a hole of a read-only VMA is SIGSEGV, not a new page")
  func writeToReadOnlyVMA() throws {
    var scenario = specScenario(folios: [], mappings: [], writable: false)
    scenario.calls = [.cpuFault(process: "A", address: address(1), write: true, driver: DriverSpec())]
    let timeline = Simulation.run(scenario)
    #expect(timeline.violations.isEmpty, "\(timeline.violations)")
    #expect(timeline.steps.contains { $0.label == "sigsegv" })
    #expect(timeline.final.processes[0].pte(at: address(1)) == PTE.none)
    #expect(timeline.final.frames.allSatisfy { $0.free })
  }

  @Test("An access where process A has no VMA is SIGSEGV before handle_mm_fault, and changes nothing")
  func accessOutsideEveryVMA() throws {
    var scenario = specScenario(folios: [], mappings: [])
    let outside = vmaStart + 0x30_0000
    scenario.calls = [.cpuFault(process: "A", address: outside, write: true, driver: DriverSpec())]
    let timeline = Simulation.run(scenario)
    #expect(timeline.violations.isEmpty, "\(timeline.violations)")
    let refusal = try #require(timeline.steps.first { $0.label == "novma" })
    #expect(refusal.text.contains("SIGSEGV"))
    #expect(timeline.final.processes[0].pte(at: outside) == PTE.none)
    #expect(timeline.final.frames == timeline.state(at: 0).frames)
  }
}
