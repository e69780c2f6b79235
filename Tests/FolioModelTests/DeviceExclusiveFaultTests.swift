import FolioModel
import FolioScenario
import Testing

/// A CPU access to a device-exclusive PTE: `do_swap_page()` → `remove_device_exclusive_entry()`
/// (hydra-linux-7.0.0 mm/memory.c; v6.8's `restore_exclusive_pte` from its patch history).
/// `folio_try_get()`, `folio_lock_or_retry()` (a locked folio: wait for the unlock, retry), then
/// `restore_exclusive_pte()` puts an old present PTE back and the access is retried.
@Suite("A CPU access to a device-exclusive entry restores the present PTE")
struct DeviceExclusiveFaultTests {
  /// Page 0 of A is device-exclusive for 0x100; a thread of A accesses it. `locked`: another
  /// thread holds the folio's lock, and releases it after call 1's setup when `unlock` is set.
  func scenario(write: Bool, dirty: Bool = false, writable: Bool = true, locked: Bool = false,
                unlock: Bool = false) -> Scenario {
    var calls: [CallSpec] = [.cpuFault(process: "A", address: vmaStart, write: write, driver: DriverSpec())]
    var events: [EventSpec] = []
    if unlock {
      calls.append(.migrateVMA(MigrateVMACall(process: "A", start: address(1), end: address(2), owner: "DEV0")))
      events.append(EventSpec(call: 1, at: .afterSetup, action: .unlockFolio(pfn: 0x100)))
    }
    return Scenario(
      name: "test", title: "test", memory: specMemory,
      folios: [FolioSpec(pfn: 0x100, dirty: dirty, lockedByOther: locked)],
      processes: [ProcessSpec(name: "A", vmas: [VMASpec(start: vmaStart, pages: 2, writable: writable, mappings: [
        MappingSpec(page: 0, entry: .deviceExclusive, pfn: 0x100),
      ])])],
      calls: calls, events: events)
  }

  @Test("v7.0: an old present PTE, writable for an exclusive page, dirty only with the folio; counts unchanged")
  func v70Restore() throws {
    for dirty in [false, true] {
      let timeline = Simulation.run(scenario(write: false, dirty: dirty), kernel: .v7_0)
      #expect(timeline.violations.isEmpty, "\(timeline.violations)")
      let restore = try #require(timeline.steps.firstIndex { $0.label == "restore" })
      let pte = timeline.state(at: restore).processes[0].pte(at: vmaStart)
      #expect(pte == .present(PresentBits(pfn: 0x100, write: true, dirty: dirty, young: false, softDirty: dirty)))
      let page = try #require(timeline.final.frame(0x100))
      #expect(page.refcount == 1 && page.mapcount == 1 && !page.isLocked && page.anonExclusive)
      // The retried read goes through the new PTE; the MMU makes it young.
      #expect(timeline.final.processes[0].pte(at: vmaStart)
              == .present(PresentBits(pfn: 0x100, write: true, dirty: dirty, young: true, softDirty: dirty)))
      #expect(timeline.steps.last(where: { $0.phase == .fault })?.label == "present")
    }
  }

  @Test("restore_exclusive_pte runs under the fault's reference and lock, which the release step gives back",
        arguments: [KernelVersion.v7_0, .v6_8])
  func restoreHoldsTheFolio(kernel: KernelVersion) throws {
    let timeline = Simulation.run(scenario(write: true), kernel: kernel)
    #expect(timeline.violations.isEmpty, "\(timeline.violations)")
    let restore = try #require(timeline.steps.firstIndex { $0.label == "restore" })
    let held = try #require(timeline.state(at: restore).frame(0x100))
    #expect(held.refcount == 2 && held.lockedBy == .faultHandler)
    let release = try #require(timeline.steps.firstIndex { $0.label == "release" })
    #expect(release == restore + 1)
    let released = try #require(timeline.state(at: release).frame(0x100))
    #expect(released.refcount == 1 && !released.isLocked && released.mapcount == 1)
  }

  @Test("v7.0: without VM_WRITE the restored PTE is read-only")
  func v70ReadOnlyVMA() throws {
    let timeline = Simulation.run(scenario(write: false, dirty: true, writable: false), kernel: .v7_0)
    let restore = try #require(timeline.steps.firstIndex { $0.label == "restore" })
    #expect(timeline.state(at: restore).processes[0].pte(at: vmaStart) == .present(PresentBits(pfn: 0x100)))
  }

  @Test("v7.0: a page B maps too is not PageAnonExclusive, so can_change_pte_writable() refuses: read-only")
  func v70SharedPageComesBackReadOnly() throws {
    var shared = scenario(write: false)
    shared.processes.append(ProcessSpec(name: "B", vmas: [VMASpec(start: vmaStart, pages: 2, mappings: [
      MappingSpec(page: 0, entry: .present, pfn: 0x100),
    ])]))
    let timeline = Simulation.run(shared, kernel: .v7_0)
    #expect(timeline.violations.isEmpty, "\(timeline.violations)")
    #expect(timeline.state(at: 0).frame(0x100)?.anonExclusive == false)
    let restore = try #require(timeline.steps.firstIndex { $0.label == "restore" })
    #expect(timeline.steps[restore].text.contains("can_change_pte_writable() refuses"))
    #expect(timeline.state(at: restore).processes[0].pte(at: vmaStart) == .present(PresentBits(pfn: 0x100)))
    #expect(timeline.final.processes[0].pte(at: vmaStart) == .present(PresentBits(pfn: 0x100, young: true)))
  }

  @Test("v6.8: the writable entry comes back writable and dirty (soft-dirty too), and the rmap is added again")
  func v68Restore() throws {
    let timeline = Simulation.run(scenario(write: true), kernel: .v6_8)
    #expect(timeline.violations.isEmpty, "\(timeline.violations)")
    let restore = try #require(timeline.steps.firstIndex { $0.label == "restore" })
    let state = timeline.state(at: restore)
    #expect(state.processes[0].pte(at: vmaStart)
            == .present(PresentBits(pfn: 0x100, write: true, dirty: true, young: false, softDirty: true)))
    // Once the fault's own reference is put back, the entry's reference is the mapping's.
    let release = try #require(timeline.steps.firstIndex { $0.label == "release" })
    let page = try #require(timeline.state(at: release).frame(0x100))
    #expect(page.refcount == 1 && page.mapcount == 1 && page.anonExclusive, "the entry's reference, mapped again")
    #expect(timeline.final.processes[0].pte(at: vmaStart)
            == .present(PresentBits(pfn: 0x100, write: true, dirty: true, young: true, softDirty: true)))
  }

  @Test("A locked folio: the thread sleeps holding folio_try_get's reference but not the lock, and retries when it is unlocked",
        arguments: [KernelVersion.v7_0, .v6_8])
  func lockedWaitsAndRetries(kernel: KernelVersion) throws {
    let waiting = Simulation.run(scenario(write: false, locked: true), kernel: kernel)
    let wait = try #require(waiting.steps.firstIndex { $0.label == "wait" })
    #expect(waiting.steps[wait].function == "remove_device_exclusive_entry")
    #expect(waiting.final.waiters.map(\.site) == [.deviceExclusive])
    #expect(waiting.final.processes[0].pte(at: vmaStart) == .deviceExclusive(pfn: 0x100))
    #expect(waiting.final.frame(0x100)?.refcount == 2 && waiting.final.frame(0x100)?.lockedBy == .otherThread)
    let done = try #require(waiting.steps.last).text
    #expect(done.hasSuffix("is still asleep in remove_device_exclusive_entry() until 0x100 is unlocked, holding a "
      + "reference of it."), "\(done)")

    let woken = Simulation.run(scenario(write: false, locked: true, unlock: true), kernel: kernel)
    #expect(woken.violations.isEmpty, "\(woken.violations)")
    let wake = try #require(woken.steps.firstIndex { $0.label == "wake" })
    #expect(woken.steps[wake].function == "remove_device_exclusive_entry")
    #expect(woken.state(at: wake).frame(0x100)?.refcount == 1, "the sleeper's reference is put when it wakes")
    #expect(woken.steps.contains { $0.label == "restore" })
    #expect(woken.final.waiters.isEmpty)
    guard case .present(let bits) = woken.final.processes[0].pte(at: vmaStart) else {
      Issue.record("not restored: \(woken.final.processes[0].pte(at: vmaStart))")
      return
    }
    #expect(bits.pfn == 0x100 && bits.young)
    #expect(woken.final.frame(0x100)?.mapcount == 1 && woken.final.frame(0x100)?.refcount == 1)
  }
}
