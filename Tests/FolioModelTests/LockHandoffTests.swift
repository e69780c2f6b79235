import FolioModel
import FolioScenario
import Testing

/// `folio_unlock()` hands PG_locked to a thread asleep in `folio_lock()` (the waker takes the bit
/// for an exclusive waiter), while a thread refaulting on `folio_trylock()` is on no wait queue:
/// it gets on only once the folio is free, whichever of the two came first (mutation M44).
@Suite("A folio_lock() sleeper takes the lock before a refaulting thread gets on")
struct LockHandoffTests {
  /// A's empty PMD range migrated with SELECT_COMPOUND to a device THP (v7.0): migrate_vma_pages
  /// maps it with a device-private PMD while the driver still holds it locked, so a read by T1 at
  /// after_pages refaults on do_huge_pmd_device_private's trylock; then the other thread calls
  /// folio_lock() on it and sleeps. Finalize unlocks it; the other thread unlocks after_finalize.
  static func scenario() -> Scenario {
    var memory = specMemory
    memory.system = PfnRange(start: 0x200, count: 0x400)
    memory.devices = [DeviceSpec(name: "DEV0", type: .devicePrivate, range: PfnRange(start: 0x800, count: 0x400))]
    return Scenario(
      name: "handoff", title: "handoff", memory: memory,
      processes: [ProcessSpec(name: "A", vmas: [VMASpec(start: vmaStart, pages: 512)])],
      calls: [.migrateVMA(MigrateVMACall(process: "A", start: vmaStart, end: address(512), select: [.system, .compound],
                                         owner: "DEV0", driver: DriverSpec()))],
      events: [EventSpec(at: .afterPages, action: .getReference(pfn: 0x800)),
               EventSpec(at: .afterPages, action: .cpuAccess(process: "A", address: vmaStart, write: false)),
               EventSpec(at: .afterPages, action: .lockFolio(pfn: 0x800)),
               EventSpec(at: .afterFinalize, action: .unlockFolio(pfn: 0x800)),
               EventSpec(at: .afterFinalize, action: .putReference(pfn: 0x800))])
  }

  @Test("Finalize's unlock goes to the folio_lock() sleeper; the refaulting thread gets on at the other thread's unlock")
  func sleeperTakesTheLockFirst() throws {
    let timeline = Simulation.run(Self.scenario(), kernel: .v7_0)
    #expect(timeline.violations.isEmpty, "\(timeline.violations)")
    let trylock = try #require(timeline.steps.first { $0.function == "do_huge_pmd_device_private" && $0.label == "trylock" })
    #expect(timeline.state(at: trylock.index).frame(0x800)?.lockedBy == .driver)
    let taken = try #require(timeline.steps.first { $0.function == "folio_lock" && $0.label == "lock" })
    let unlock = try #require(timeline.steps.first { $0.function == "folio_unlock" && $0.label == "unlock" })
    let refault = try #require(timeline.steps.first { $0.function == "do_huge_pmd_device_private" && $0.label == "refault" })
    #expect(taken.index < unlock.index && unlock.index < refault.index,
            "the sleeper holds the lock until its unlock; only then does T1 get past folio_trylock()")
    // T1 never fails the trylock a second time: it was not woken while the other thread held the lock.
    #expect(timeline.steps.filter { $0.label == "trylock" }.count == 1)
    #expect(timeline.final.waiters.isEmpty)
    #expect(timeline.final.frame(0x800)?.isLocked == false)
  }
}
