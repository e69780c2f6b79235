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

  @Test("A put of a reference a get on a free page never took drops nothing, even once the page joins a new folio (fuzzing)")
  func aPutMatchesItsRefusedGetByPage() throws {
    // The eviction's order-2 destination is 0x100–0x103; 0x102 was free when the get came.
    let scenario = Scenario(
      name: "t", title: "t", memory: specMemory, folios: [FolioSpec(pfn: 0x800, order: 2, extraRefs: 1)],
      calls: [.migrateDeviceRange(startPfn: 0x800, pages: 4, driver: DriverSpec())],
      events: [EventSpec(at: .afterSetup, action: .getReference(pfn: 0x102)),
               EventSpec(at: .beforePages, action: .putReference(pfn: 0x102))])
    let timeline = Simulation.run(scenario, kernel: .v7_0)
    #expect(timeline.violations.isEmpty, "\(timeline.violations)")
    let put = try #require(timeline.steps.first { $0.function == "folio_put" })
    #expect(put.label == "none" && put.pfn == 0x100, "\(put.text)")
    #expect(timeline.final.calls[0].dst[0] == 0x4011, "the destination folio is whole")
  }

  @Test("One unlock wakes every thread asleep on it at once; each retries its access once")
  func oneUnlockWakesAllSleepers() throws {
    let touch = { (write: Bool) in EventSpec(at: .afterSetup, action: .cpuAccess(process: "A", address: vmaStart, write: write)) }
    let scenario = specScenario(
      folios: [FolioSpec(pfn: 0x100)], mappings: [MappingSpec(page: 0, entry: .present, pfn: 0x100, write: true)],
      pages: 1, events: [touch(false), touch(true)])
    let timeline = Simulation.run(scenario)
    #expect(timeline.violations.isEmpty, "\(timeline.violations)")
    let wakes = timeline.steps.filter { $0.function == "migration_entry_wait" && $0.label == "wake" }
    #expect(wakes.map(\.pfn) == [0x100, 0x100])
    #expect(wakes.map(\.index) == [wakes[0].index, wakes[0].index + 1], "both wake at the first finalize's unlock")
    // T2's retry migrates the page back to RAM; T3 retries once, after it, and finds it present.
    let proceeds = timeline.steps.filter { $0.label == "present" && $0.function == "handle_mm_fault" }
    #expect(proceeds.count == 2, "\(proceeds.map(\.text))")
    #expect(proceeds.last?.text.hasPrefix("T3") == true)
    #expect(timeline.final.waiters.isEmpty)
  }

  @Test("Events on a folio that was freed change nothing: no lock, no reference, nothing to put")
  func eventsOnAFreedFolio() throws {
    let scenario = specScenario(
      folios: [FolioSpec(pfn: 0x100)], mappings: [MappingSpec(page: 0, entry: .present, pfn: 0x100, write: true)],
      pages: 1, events: [EventSpec(at: .afterFinalize, action: .lockFolio(pfn: 0x100)),
                         EventSpec(at: .afterFinalize, action: .getReference(pfn: 0x100)),
                         EventSpec(at: .afterFinalize, action: .putReference(pfn: 0x100))])
    let timeline = Simulation.run(scenario)
    #expect(timeline.violations.isEmpty, "\(timeline.violations)")
    let events = timeline.steps.filter { $0.phase == .event }
    #expect(events.map(\.label) == ["free", "free", "none"])
    #expect(events.allSatisfy { $0.failed })
    let freed = try #require(timeline.steps.last { $0.phase == .finalize }).index
    #expect(timeline.final.frame(0x100) == timeline.state(at: freed).frame(0x100))
    #expect(timeline.final.frame(0x100)?.free == true)
  }

  @Test("A reference taken on the device page a migration allocated keeps it from migrating back",
        arguments: KernelVersion.allCases)
  func referenceOnAPageAllocatedDuringTheRun(kernel: KernelVersion) throws {
    var scenario = specScenario(
      folios: [FolioSpec(pfn: 0x100)], mappings: [MappingSpec(page: 0, entry: .present, pfn: 0x100, write: true)],
      pages: 1, events: [EventSpec(at: .afterFinalize, action: .getReference(pfn: 0x800))])
    scenario.calls.append(.cpuFault(process: "A", address: vmaStart, write: false, driver: DriverSpec()))
    let timeline = Simulation.run(scenario, kernel: kernel)
    #expect(timeline.violations.isEmpty, "\(timeline.violations)")
    let get = try #require(timeline.steps.first { $0.function == "folio_get" })
    #expect(get.label == "get" && get.pfn == 0x800)
    // The fault's migration back collects the page, but folio_migrate_mapping finds the extra reference.
    let back = try #require(timeline.final.calls.last)
    #expect(back.src == [0x20009], "MIGRATE cleared: the device page stays")
    #expect(timeline.final.processes[0].pte(at: vmaStart) == .devicePrivate(DevicePrivateEntry(pfn: 0x800, write: true)))
    #expect(timeline.final.frame(0x800)?.refcount == 2, "its mapping and the other thread's reference")
  }

  @Test("A reference taken on the destination before migrate_vma_pages: it takes over and keeps that reference, no I6",
        arguments: KernelVersion.allCases)
  func referenceOnTheDestinationBeforePages(kernel: KernelVersion) throws {
    let scenario = specScenario(
      folios: [FolioSpec(pfn: 0x100)], mappings: [MappingSpec(page: 0, entry: .present, pfn: 0x100, write: true)],
      pages: 1, events: [EventSpec(at: .beforePages, action: .getReference(pfn: 0x800))])
    let timeline = Simulation.run(scenario, kernel: kernel)
    #expect(timeline.violations.isEmpty, "\(timeline.violations)")
    #expect(timeline.final.calls[0].src == [0x400b], "still MIGRATE: the destination's count is not checked")
    #expect(timeline.final.frame(0x800)?.refcount == 2, "its mapping and the other thread's reference")
  }

  @Test("A put_reference on a folio an earlier put freed drops nothing (a tail page's too)")
  func aPutOnAFreedFolio() throws {
    let scenario = specScenario(
      folios: [FolioSpec(pfn: 0x104, order: 2, extraRefs: 1)], mappings: [], pages: 1,
      events: [EventSpec(at: .afterSetup, action: .putReference(pfn: 0x104)),
               EventSpec(at: .afterFinalize, action: .putReference(pfn: 0x106))])
    let timeline = Simulation.run(scenario, kernel: .v7_0)
    #expect(timeline.violations.isEmpty, "\(timeline.violations)")
    let refused = try #require(timeline.steps.last { $0.function == "folio_put" })
    #expect(refused.failed && refused.text.contains("0x106 is free (its last reference is gone)"), "\(refused.text)")
    #expect(timeline.final.frame(0x106)?.free == true && timeline.final.frame(0x106)?.refcount == 0)
  }

  @Test("A thread waiting on a migration entry wakes at the unlock even when a folio_lock() sleeper takes the lock first")
  func unlockWakesEntryWaitersPastALockTaker() throws {
    let scenario = specScenario(
      folios: [FolioSpec(pfn: 0x100)], mappings: [MappingSpec(page: 0, entry: .present, pfn: 0x100, write: true)],
      pages: 1, driver: DriverSpec(decline: [0]),
      events: [EventSpec(at: .afterSetup, action: .getReference(pfn: 0x100)),
               EventSpec(at: .beforePages, action: .lockFolio(pfn: 0x100)),
               EventSpec(at: .beforePages, action: .cpuAccess(process: "A", address: vmaStart, write: false)),
               EventSpec(at: .afterFinalize, action: .unlockFolio(pfn: 0x100)),
               EventSpec(at: .afterFinalize, action: .putReference(pfn: 0x100))])
    let timeline = Simulation.run(scenario)
    #expect(timeline.violations.isEmpty, "\(timeline.violations)")
    let taken = try #require(timeline.steps.first { $0.function == "folio_lock" && $0.label == "lock" })
    let woken = try #require(timeline.steps.first { $0.function == "migration_entry_wait" && $0.label == "wake" })
    #expect(woken.index == taken.index + 1, "woken by the same unlock")
    #expect(timeline.state(at: woken.index).frame(0x100)?.lockedBy == .otherThread)
    #expect(timeline.steps.contains { $0.label == "present" && $0.index > woken.index }, "its read then goes through")
    #expect(timeline.final.waiters.isEmpty)
  }
}
