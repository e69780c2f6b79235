import FolioModel
import FolioScenario
import Testing

/// `folio_unlock()` wakes the sleepers of that folio's PG_locked only (`folio_waitqueue`), and a
/// `folio_lock()` sleeper it wakes takes the lock, so a second one sleeps on.
@Suite("folio_unlock() wakes only that folio's sleepers, and hands the lock to one folio_lock() sleeper")
struct WakeWaitersTests {
  @Test("Threads on two locked device-exclusive folios: unlocking one wakes only its thread")
  func onlyTheUnlockedFoliosSleepersWake() throws {
    let scenario = Scenario(
      name: "test", title: "test", memory: specMemory,
      folios: [FolioSpec(pfn: 0x100, lockedByOther: true), FolioSpec(pfn: 0x101, lockedByOther: true)],
      processes: [ProcessSpec(name: "A", vmas: [VMASpec(start: vmaStart, pages: 3, mappings: [
        MappingSpec(page: 0, entry: .deviceExclusive, pfn: 0x100),
        MappingSpec(page: 1, entry: .deviceExclusive, pfn: 0x101),
      ])])],
      calls: [.cpuFault(process: "A", address: address(0), write: false, driver: DriverSpec()),
              .cpuFault(process: "A", address: address(1), write: false, driver: DriverSpec()),
              .migrateVMA(MigrateVMACall(process: "A", start: address(2), end: address(3), owner: "DEV0"))],
      events: [EventSpec(call: 2, at: .afterSetup, action: .unlockFolio(pfn: 0x101))])
    let timeline = Simulation.run(scenario, kernel: .v7_0)
    #expect(timeline.violations.isEmpty, "\(timeline.violations)")
    #expect(timeline.steps.filter { $0.label == "wake" }.map(\.pfn) == [0x101])
    #expect(timeline.final.waiters.map(\.folio) == [0x100])
    #expect(timeline.final.processes[0].pte(at: address(0)) == .deviceExclusive(pfn: 0x100))
    #expect(timeline.final.processes[0].pte(at: address(1)).isPresent)
  }

  @Test("Two other threads asleep in folio_lock(): the unlock hands PG_locked to one, the other sleeps on")
  func oneFolioLockSleeperTakesTheLock() throws {
    let scenario = specScenario(
      folios: [FolioSpec(pfn: 0x100, lockedByOther: true)],
      mappings: [MappingSpec(page: 0, entry: .present, pfn: 0x100, write: true)], pages: 1,
      events: [EventSpec(at: .afterSetup, action: .lockFolio(pfn: 0x100)),
               EventSpec(at: .afterSetup, action: .lockFolio(pfn: 0x100)),
               EventSpec(at: .afterFinalize, action: .unlockFolio(pfn: 0x100))])
    let timeline = Simulation.run(scenario, kernel: .v7_0)
    #expect(timeline.violations.isEmpty, "\(timeline.violations)")
    let unlock = try #require(timeline.steps.first { $0.function == "folio_unlock" && $0.label == "unlock" })
    #expect(timeline.steps.filter { $0.index > unlock.index && $0.label == "lock" }.count == 1)
    #expect(timeline.final.waiters.map(\.site) == [.folioLock])
    #expect(timeline.final.frame(0x100)?.lockedBy == .otherThread)
  }
}
