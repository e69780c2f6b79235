import FolioModel
import FolioScenario
import Testing

/// Page 0 of A mapped by a present PTE to the order-0 folio 0x100 with the given bits.
private func mappedPage(write: Bool = true, dirty: Bool = false, young: Bool = false) -> Scenario {
  specScenario(folios: [FolioSpec(pfn: 0x100)], mappings: [
    MappingSpec(page: 0, entry: .present, pfn: 0x100, write: write, dirty: dirty, young: young),
  ])
}

@Suite("A CPU access sets the accessed and dirty bits as the x86-64 MMU does")
struct HardwareAccessBitsTests {
  /// The step of the last access through a present entry (label "present" or "pmd_huge").
  private func accessStep(_ timeline: Timeline, label: String = "present") throws -> Step {
    try #require(timeline.steps.last { $0.phase == .fault && $0.label == label })
  }

  @Test("A load through an old present PTE makes it young, and stepping back shows it old")
  func loadMakesYoung() throws {
    var scenario = mappedPage()
    scenario.calls = [.cpuFault(process: "A", address: vmaStart, write: false, driver: DriverSpec())]
    let timeline = Simulation.run(scenario)
    #expect(timeline.violations.isEmpty, "\(timeline.violations)")
    let step = try accessStep(timeline)
    #expect(step.text == "T2, a thread of A, reads 0x7f0000000000: the PTE is present, so the access proceeds without "
      + "a fault; the MMU sets the accessed bit: [write] → [write young].")
    #expect(step.changes.count == 1)
    #expect(timeline.state(at: step.index).processes[0].pte(at: vmaStart)
      == .present(PresentBits(pfn: 0x100, write: true, young: true)))
    #expect(timeline.state(at: step.index - 1).processes[0].pte(at: vmaStart) == .present(PresentBits(pfn: 0x100, write: true)))
    #expect(timeline.final.frame(0x100)?.dirty == false)
  }

  @Test("A store through a clean writable PTE makes it young and dirty, not soft-dirty; PG_dirty waits for the kernel")
  func storeMakesDirty() throws {
    var scenario = mappedPage()
    // Then a migration: try_to_migrate_one sees the dirty PTE, marks the folio dirty and makes a
    // dirty migration entry.
    scenario.calls.insert(.cpuFault(process: "A", address: vmaStart, write: true, driver: DriverSpec()), at: 0)
    let timeline = Simulation.run(scenario)
    #expect(timeline.violations.isEmpty, "\(timeline.violations)")
    let step = try accessStep(timeline)
    #expect(step.text == "T2, a thread of A, writes 0x7f0000000000: the PTE is present, so the access proceeds without "
      + "a fault; the MMU sets the accessed and dirty bits: [write] → [write dirty young] (soft-dirty is a software bit: "
      + "the MMU leaves it clear).")
    let after = timeline.state(at: step.index)
    #expect(after.processes[0].pte(at: vmaStart) == .present(PresentBits(pfn: 0x100, write: true, dirty: true, young: true)))
    #expect(after.frame(0x100)?.dirty == false)
    let setup = try #require(timeline.steps.first { $0.phase == .setup && $0.label == "return" })
    let unmapped = timeline.state(at: setup.index)
    #expect(unmapped.processes[0].pte(at: vmaStart)
      == .migration(MigrationEntry(pfn: 0x100, kind: .write, young: true, dirty: true)))
    #expect(unmapped.frame(0x100)?.dirty == true)
  }

  @Test("A store that waited on a migration entry goes through the restored PTE, which it makes young and dirty")
  func storeAfterMigrationWait() throws {
    // The driver declines the page, so finalize restores it (remove_migration_pte: old and
    // clean, as the migration entry was) before it wakes the waiting thread.
    var scenario = mappedPage()
    scenario.events = [EventSpec(at: .afterSetup, action: .cpuAccess(process: "A", address: vmaStart, write: true))]
    scenario.calls = [.migrateVMA(MigrateVMACall(process: "A", start: vmaStart, end: address(8), select: .system,
                                                 owner: "DEV0", driver: DriverSpec(decline: [0])))]
    let timeline = Simulation.run(scenario)
    #expect(timeline.violations.isEmpty, "\(timeline.violations)")
    let wake = try #require(timeline.steps.first { $0.label == "wake" })
    #expect(timeline.state(at: wake.index).processes[0].pte(at: vmaStart) == .present(PresentBits(pfn: 0x100, write: true)))
    let step = try accessStep(timeline)
    #expect(step.index > wake.index)
    #expect(step.text.hasPrefix("T2 retries its write of 0x7f0000000000: the PTE is present, so the access proceeds "
      + "without a fault; the MMU sets the accessed and dirty bits: [write] → [write dirty young]"))
    #expect(timeline.final.processes[0].pte(at: vmaStart)
      == .present(PresentBits(pfn: 0x100, write: true, dirty: true, young: true)))
    #expect(timeline.final.frame(0x100)?.dirty == false)
  }

  @Test("An access through an old, clean THP PMD sets its bits on the PMD", arguments: [false, true])
  func hugePMDAccess(write: Bool) throws {
    var scenario = thpScenario(select: .system)
    scenario.processes[0].vmas[0].mappings[0].dirty = false
    scenario.processes[0].vmas[0].mappings[0].young = false
    scenario.calls = [.cpuFault(process: "A", address: address(7), write: write, driver: DriverSpec())]
    let timeline = Simulation.run(scenario)
    #expect(timeline.violations.isEmpty, "\(timeline.violations)")
    let step = try accessStep(timeline, label: "pmd_huge")
    #expect(step.text.contains("the PMD maps the THP 0x200, so the access proceeds without a fault; the MMU sets the "
      + (write ? "accessed and dirty bits: [write] → [write dirty young]" : "accessed bit: [write] → [write young]")),
      "\(step.text)")
    #expect(step.changes.count == 1)
    #expect(timeline.final.processes[0].pmd(at: vmaStart) == .huge(PresentBits(pfn: 0x200, write: true, dirty: write, young: true)))
    #expect(timeline.final.processes[0].pte(at: address(7)) == PTE.none)
    #expect(timeline.final.frame(0x200)?.dirty == false)
  }

  @Test("An entry already young (and dirty, for a store) records no change", arguments: [false, true])
  func alreadySet(write: Bool) throws {
    var scenario = mappedPage(dirty: write, young: true)
    scenario.calls = [.cpuFault(process: "A", address: vmaStart, write: write, driver: DriverSpec())]
    let timeline = Simulation.run(scenario)
    let step = try accessStep(timeline)
    #expect(step.changes.isEmpty)
    #expect(step.text.hasSuffix("the entry is already young\(write ? " and dirty" : ""), so the MMU changes nothing."))
    #expect(timeline.final.processes[0].pte(at: vmaStart)
      == .present(PresentBits(pfn: 0x100, write: true, dirty: write, young: true)))
  }

  @Test("A store to a young, clean PTE sets the dirty bit alone")
  func onlyTheMissingBit() throws {
    var scenario = mappedPage(young: true)
    scenario.calls = [.cpuFault(process: "A", address: vmaStart, write: true, driver: DriverSpec())]
    let timeline = Simulation.run(scenario)
    #expect(try accessStep(timeline).text.contains("the MMU sets the dirty bit: [write young] → [write dirty young]"))
  }
}
