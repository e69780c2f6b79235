import FolioModel
import FolioScenario
import Testing

@Suite("A scenario's lock_folio on a folio someone else holds sleeps (folio_lock)")
struct LockEventTests {
  @Test("The other thread waits for migration's lock and takes it when finalize releases it")
  func lockWaitsForMigration() throws {
    // The driver declines slot 0, so 0x100 stays in use: collect locks it, finalize unlocks it.
    let scenario = specScenario(
      folios: [FolioSpec(pfn: 0x100)], mappings: [MappingSpec(page: 0, entry: .present, pfn: 0x100, write: true)],
      pages: 1, driver: DriverSpec(decline: [0]),
      events: [EventSpec(at: .beforePages, action: .lockFolio(pfn: 0x100)),
               EventSpec(at: .afterPages, action: .unlockFolio(pfn: 0x100)),
               EventSpec(at: .afterFinalize, action: .unlockFolio(pfn: 0x100))])
    let timeline = Simulation.run(scenario)
    #expect(timeline.violations.isEmpty, "\(timeline.violations)")
    let wait = try #require(timeline.steps.first { $0.function == "folio_lock" && $0.label == "wait" })
    #expect(timeline.state(at: wait.index).frame(0x100)?.lockedBy == .migration, "migration's lock is not stolen")
    let notHeld = try #require(timeline.steps.first { $0.label == "not_held" })
    #expect(timeline.state(at: notHeld.index).frame(0x100)?.lockedBy == .migration)
    let taken = try #require(timeline.steps.first { $0.function == "folio_lock" && $0.label == "lock" })
    #expect(taken.index > notHeld.index)
    #expect(timeline.state(at: taken.index).frame(0x100)?.lockedBy == .otherThread)
    #expect(timeline.final.frame(0x100)?.isLocked == false)
    #expect(timeline.final.waiters.isEmpty)
  }
}
