import FolioModel
import FolioScenario
import Testing

/// `migration_entry_wait()` → `migration_entry_wait_on_locked()` sleeps on the PG_locked of the
/// folio the entry names (`pfn_swap_entry_folio`), which is the head's flag, whichever page of a
/// large folio the entry maps.
@Suite("A thread on a migration entry of a large folio's tail sleeps on the folio's head")
struct MigrationEntryWaitHeadTests {
  @Test func waitsOnTheHead() throws {
    // Another migration holds the order-2 folio at 0x104: locked, its isolation reference, and
    // page 0 of A is a migration entry for the tail page 0x106.
    var scenario = specScenario(
      folios: [FolioSpec(pfn: 0x104, order: 2, extraRefs: 1, lockedByOther: true)],
      mappings: [MappingSpec(page: 0, entry: .migration, pfn: 0x106, write: true)], pages: 1)
    scenario.calls = [.cpuFault(process: "A", address: vmaStart, write: false, driver: DriverSpec())]
    let timeline = Simulation.run(scenario, kernel: .v7_0)
    let wait = try #require(timeline.steps.first { $0.function == "migration_entry_wait" })
    #expect(wait.pfn == 0x104)
    #expect(timeline.final.waiters.map(\.folio) == [0x104])
    #expect(timeline.final.waiters.map(\.site) == [.migrationEntry])
    #expect(timeline.final.processes[0].pte(at: vmaStart) == .migration(MigrationEntry(pfn: 0x106, kind: .write)))
  }
}
