import Testing

@testable import FolioScenario

/// Events at a point their call never reaches are warned about; no problem is told twice.
@Suite struct EventPointTests {
  func diagnostics(_ yaml: String) -> [String] {
    ScenarioLoader.parse(yaml: yaml, file: "t.yaml").diagnostics.map(\.description)
  }

  /// The minimal scenario with a second call and the given events.
  func scenario(secondCall: String, events: [String]) -> String {
    Fixtures.minimal.replacingOccurrences(of: "owner: DEV0}\n", with: "owner: DEV0}\n  - \(secondCall)\n")
      + "events:\n" + events.map { "  - \($0)\n" }.joined()
  }

  /// The minimal scenario with a coherent device COH0 at 0xc00, `folio` listed on it, and a second
  /// call that is a migrate_device_coherent_folio of 0xc00.
  func coherentCall(folio: String) -> String {
    Fixtures.minimal.replacingOccurrences(of: "start: 0x800, pages: 16}\n", with: "start: 0x800, pages: 16}\n    - {name: COH0, type: coherent, start: 0xc00, pages: 16}\n")
      .replacingOccurrences(of: "  - {pfn: 0x100}\n", with: "  - {pfn: 0x100}\n  - \(folio)\n")
      .replacingOccurrences(of: "owner: DEV0}\n", with: "owner: DEV0}\n  - migrate_device_coherent_folio: {pfn: 0xc00}\n")
  }

  @Test("An event attached to a cpu_fault never runs")
  func anEventOnACPUFaultIsWarned() {
    let yaml = scenario(secondCall: "cpu_fault: {process: A, address: 0x7f0000001000, write: true}",
                        events: ["{call: 1, at: after_setup, get_reference: 0x100}", "{call: 0, at: after_setup, get_reference: 0x100}"])
    #expect(diagnostics(yaml) == [
      "t.yaml:18:19: warning: events[0].at: calls[1] is a cpu_fault, which has no event points: this event at "
        + "after_setup never runs; attach it to a migrate call"
    ])
  }

  @Test("migrate_device_coherent_folio reaches after_finalize only")
  func theCoherentFolioCallReachesOnlyAfterFinalize() {
    let yaml = coherentCall(folio: "{pfn: 0xc00, extra_refs: 1}")
      + "events:\n  - {call: 1, at: before_pages, get_reference: 0xc00}\n  - {call: 1, at: after_finalize, get_reference: 0xc00}\n"
    #expect(diagnostics(yaml) == [
      "t.yaml:20:19: warning: events[0].at: calls[1] is a migrate_device_coherent_folio, which reaches only "
        + "after_finalize: this event at before_pages never runs; use at: after_finalize"
    ])
  }

  @Test("A pin is not the coherent call's reference: GUP converts its pin into a plain reference before it calls")
  func aPinIsNotTheCoherentCallersReference() {
    let pinned = diagnostics(coherentCall(folio: "{pfn: 0xc00, pins: 1}"))
    #expect(pinned.count == 1, "\(pinned)")
    #expect(pinned.first?.hasPrefix("t.yaml:18:42: warning: calls[1].migrate_device_coherent_folio.pfn: 0xc00 has no reference left for the caller") == true)
    #expect(pinned.first?.hasSuffix("; its pins are not that reference: GUP converts its pin into a plain reference "
      + "before the call, and a pin still held makes the migration fail") == true)
    #expect(diagnostics(coherentCall(folio: "{pfn: 0xc00, extra_refs: 1}")).isEmpty)
  }

  @Test("A coherent call on a folio the other thread holds locked sleeps in folio_lock, unless an event unlocked it first")
  func aCoherentCallOnALockedFolioIsWarned() {
    let yaml = coherentCall(folio: "{pfn: 0xc00, extra_refs: 1, locked_by_other: true}")
    #expect(diagnostics(yaml) == [
      "t.yaml:18:36: warning: calls[1].migrate_device_coherent_folio: the other thread holds the lock of the folio at "
        + "0xc00 when this call runs: folio_lock() sleeps, and the run stops the call there (nothing migrates, and its "
        + "events never run)"
    ])
    #expect(diagnostics(yaml + "events:\n  - {call: 0, at: after_finalize, unlock_folio: 0xc00}\n") == [])
  }

  @Test("v7.0: a migrate_vma over a PTE-mapped large folio the other thread holds locked sleeps in migrate_vma_split_folio")
  func aLockedLargeFolioInTheRangeIsWarned() {
    let yaml = Fixtures.minimal
      .replacingOccurrences(of: "  - {pfn: 0x100}\n", with: "  - {pfn: 0x100}\n  - {pfn: 0x104, order: 2, locked_by_other: true}\n")
      .replacingOccurrences(of: "write: true}\n", with: "write: true}\n          - {page: 1, entry: present, pfn: 0x105}\n")
    let warning = "t.yaml:17:18: warning: calls[0].migrate_vma: the other thread holds the lock of the large folio at 0x104 "
      + "when this call runs: migrate_vma_split_folio()'s folio_lock() sleeps there, and the run shows the rest of the range skipped"
    #expect(diagnostics(yaml) == [warning])
    #expect(diagnostics("kernel: v6.8\n" + yaml) == [], "v6.8's collect skips large folios without locking them")
    #expect(diagnostics(yaml.replacingOccurrences(of: "owner: DEV0}", with: "owner: DEV0, select: device_private}")) == [])
  }

  @Test("lock_folio by a thread that holds no reference is warned about; after get_reference it is not")
  func aLockerHoldsAReference() {
    let warning = "t.yaml:17:44: warning: events[0].lock_folio: the other thread holds no reference to the folio at 0x100 "
      + "(extra_refs 0, no get_reference before): a folio_lock() caller always does, and that reference is what keeps "
      + "a migration from freeing the folio under it"
    #expect(diagnostics(Fixtures.minimal + "events:\n  - {call: 0, at: after_setup, lock_folio: 0x100}\n") == [warning])
    #expect(diagnostics(Fixtures.minimal + "events:\n  - {call: 0, at: after_setup, get_reference: 0x100}\n"
      + "  - {call: 0, at: after_setup, lock_folio: 0x100}\n") == [])
  }

  @Test("An event may name a page free at the start (the run may allocate it), not one outside memory")
  func eventsOnPagesFreeAtTheStart() {
    #expect(diagnostics(Fixtures.minimal + "events:\n  - {call: 0, at: after_finalize, get_reference: 0x800}\n"
      + "  - {call: 0, at: after_finalize, put_reference: 0x800}\n") == [])
    #expect(diagnostics(Fixtures.minimal + "events:\n  - {call: 0, at: after_finalize, put_reference: 0x801}\n") == [
      "t.yaml:17:50: error: events[0].put_reference: nobody else holds a reference to the folio at 0x801 to put "
        + "(extra_refs 0, no get_reference before); the refcount would drop below what its mappings hold"
    ])
    #expect(diagnostics(Fixtures.minimal + "events:\n  - {call: 0, at: after_finalize, get_reference: 0x5000}\n") == [
      "t.yaml:17:50: error: events[0].get_reference: 0x5000 is outside memory (0x100–0x10f, 0x800–0x80f)"
    ])
  }

  @Test("A second put_reference of the one reference says the first already put it")
  func aDoublePutSaysTheReferenceIsGone() {
    let yaml = Fixtures.minimal.replacingOccurrences(of: "  - {pfn: 0x100}\n", with: "  - {pfn: 0x100, extra_refs: 1}\n")
      + "events:\n  - {call: 0, at: after_finalize, put_reference: 0x100}\n  - {call: 0, at: after_finalize, put_reference: 0x100}\n"
    #expect(diagnostics(yaml) == [
      "t.yaml:18:50: error: events[1].put_reference: nobody else holds a reference to the folio at 0x100 to put "
        + "(extra_refs 1, 0 get_reference and 1 put_reference before: all put already); the refcount would drop below "
        + "what its mappings hold"
    ])
  }

  @Test("A second lock_folio, a put of a lock holder's last reference, and a second unlock_folio are each told why")
  func lockHolderMistakes() {
    let locked = Fixtures.minimal.replacingOccurrences(of: "  - {pfn: 0x100}\n",
                                                        with: "  - {pfn: 0x100, extra_refs: 1, locked_by_other: true}\n")
    let messages = diagnostics(locked + "events:\n  - {call: 0, at: after_setup, lock_folio: 0x100}\n"
      + "  - {call: 0, at: after_pages, put_reference: 0x100}\n  - {call: 0, at: after_finalize, unlock_folio: 0x100}\n"
      + "  - {call: 0, at: after_finalize, unlock_folio: 0x100}\n")
    #expect(messages.contains { $0.contains("warning: events[0].lock_folio: the other thread already holds the lock of the "
      + "folio at 0x100: folio_lock() on a lock it holds would deadlock") }, "\(messages)")
    #expect(messages.contains { $0.contains("warning: events[1].put_reference: the other thread still holds the lock of "
      + "the folio at 0x100 and this puts its last reference") })
    #expect(messages.contains { $0.hasSuffix("error: events[3].unlock_folio: the other thread does not hold the lock of the "
      + "folio at 0x100 (an earlier unlock_folio released it)") })
  }

  @Test("Every point of a migrate_vma and a device range is reached", arguments: EventPoint.allCases)
  func migrateCallsReachEveryPoint(point: EventPoint) {
    let event = "{call: 1, at: \(point.rawValue), get_reference: 0x100}"
    #expect(diagnostics(scenario(secondCall: "migrate_device_range: {start_pfn: 0x800, pages: 2}", events: [event])) == [])
    #expect(diagnostics(scenario(secondCall: "migrate_vma: {process: A, start: 0x7f0000000000, pages: 1}", events: [event])) == [])
  }

  @Test("A migrate_vma refused by setup reaches only after_setup, whether setup's check was meant or warned about")
  func aCallRefusedAtSetupReachesOnlyAfterSetup() {
    let special = Fixtures.minimal.replacingOccurrences(of: "pages: 8\n", with: "pages: 8\n        special: [VM_IO]\n")
    let events = "events:\n  - {call: 0, at: after_setup, get_reference: 0x100}\n  - {call: 0, at: after_finalize, put_reference: 0x100}\n"
    #expect(diagnostics(special + events) == [
      "t.yaml:19:19: warning: events[1].at: calls[0] gets -EINVAL from migrate_vma_setup (its VMA at 0x7f0000000000 is "
        + "VM_IO), so its driver stops after setup: this event at after_finalize never runs; use at: after_setup"
    ])
    let tooLong = Fixtures.minimal.replacingOccurrences(of: "pages: 8, owner", with: "pages: 9, owner")
    #expect(diagnostics(tooLong + events).last?.contains("calls[0] gets -EINVAL from migrate_vma_setup (the range ends at "
      + "0x7f0000009000, past its VMA's end 0x7f0000008000), so its driver stops after setup") == true)
    #expect(diagnostics(Fixtures.minimal + events) == [], "a call setup accepts reaches every point")
  }

  @Test("v7.0: a migration to RAM with fail_alloc warns about events between its driver and finalize; v6.8 does not")
  func aDriverThatGivesUpSkipsThePagesPoints() {
    let yaml = Fixtures.minimal.replacingOccurrences(of: "owner: DEV0}", with: "owner: DEV0, select: device_private, driver: {fail_alloc: [0]}}")
      + "events:\n  - {call: 0, at: after_pages, get_reference: 0x100}\n  - {call: 0, at: after_finalize, get_reference: 0x100}\n"
    #expect(diagnostics(yaml).contains { $0.hasSuffix("warning: events[0].at: calls[0] fails an allocation on the way to "
      + "RAM, where dmirror gives up and finalizes at once (when the slot is still MIGRATE): this event at after_pages "
      + "never runs; use at: after_setup or after_finalize") })
    #expect(!diagnostics(yaml).contains { $0.contains("events[1].at") })
    #expect(!diagnostics("kernel: v6.8\n" + yaml).contains { $0.contains("never runs") })
  }

  @Test("A put_reference after a coherent call counts the caller's reference the call consumed")
  func aPutAfterACoherentCall() {
    let yaml = coherentCall(folio: "{pfn: 0xc00, extra_refs: 1}")
    let put = "events:\n  - {call: 1, at: after_finalize, put_reference: 0xc00}\n"
    #expect(diagnostics(yaml + put).contains { $0.contains("error: events[0].put_reference: nobody else holds a reference "
      + "to the folio at 0xc00 to put") && $0.contains("1 migrate_device_coherent_folio that consumed its caller's") })
    #expect(!diagnostics(yaml.replacingOccurrences(of: "extra_refs: 1}", with: "extra_refs: 2}") + put).contains {
      $0.contains("put_reference") }, "a second reference is still there to put")
  }

  @Test("v7.0: unlocking a hand-written call's fault page during the call is warned about (do_swap_page holds it)")
  func unlockingTheFaultPage() {
    let yaml = Fixtures.minimal
      .replacingOccurrences(of: "  - {pfn: 0x100}\n", with: "  - {pfn: 0x100}\n  - {pfn: 0x800, extra_refs: 1, locked_by_other: true}\n")
      .replacingOccurrences(of: "owner: DEV0}", with: "owner: DEV0, select: device_private, fault_page: 0x800}")
      + "events:\n  - {call: 0, at: after_setup, unlock_folio: 0x800}\n"
    #expect(diagnostics(yaml).contains { $0.contains("warning: events[0].unlock_folio: 0x800 is the fault page of calls[0]: "
      + "its lock is do_swap_page's") })
    #expect(!diagnostics("kernel: v6.8\n" + yaml).contains { $0.contains("fault page of") })
  }

  @Test("Unlocking a folio that a migration entry names from the start is warned about: that migration holds the lock")
  func unlockingAForeignMigrationsFolio() {
    let yaml = Fixtures.minimal
      .replacingOccurrences(of: "  - {pfn: 0x100}\n", with: "  - {pfn: 0x100}\n  - {pfn: 0x101, extra_refs: 1, locked_by_other: true}\n")
      .replacingOccurrences(of: "write: true}\n", with: "write: true}\n          - {page: 1, entry: migration, pfn: 0x101}\n")
    #expect(diagnostics(yaml + "events:\n  - {call: 0, at: after_setup, unlock_folio: 0x101}\n").contains {
      $0.contains("warning: events[0].unlock_folio: a migration entry names 0x101 from the start: its lock is that migration's")
    })
    #expect(diagnostics(yaml + "events:\n  - {call: 0, at: after_setup, put_reference: 0x101}\n").contains {
      $0.hasSuffix("(here a migration that a migration entry names holds both)") })
  }

  @Test("A call that does not exist is told once, without a point warning")
  func aMissingCallIsToldOnce() {
    let yaml = scenario(secondCall: "cpu_fault: {process: A, address: 0x7f0000001000}",
                        events: ["{call: 3, at: after_pages, get_reference: 0x100}"])
    #expect(diagnostics(yaml) == [
      "t.yaml:18:12: error: events[0].call: there is no call 3; the scenario's calls are numbered 0…1"
    ])
  }

  @Test("Identical diagnostics from two checks are reported once, in file order")
  func identicalDiagnosticsAreReportedOnce() {
    let late = Diagnostic(.error, file: "t.yaml", line: 9, column: 1, message: "b")
    let early = Diagnostic(.warning, file: "t.yaml", line: 2, column: 5, message: "a")
    #expect(ScenarioLoader.inFileOrder([late, early, late]) == [early, late])
  }
}
