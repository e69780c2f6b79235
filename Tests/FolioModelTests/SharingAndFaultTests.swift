import FolioModel
import FolioScenario
import Testing

@Suite("Sharing, faults and eviction (spec S7, S13, S15)")
struct SharingAndFaultTests {
  @Test("S7: try_to_migrate converts the other process's PTE; both end device-private R")
  func sharedCoW() throws {
    var scenario = specScenario(
      folios: [FolioSpec(pfn: 0x106)], mappings: [MappingSpec(page: 0, entry: .present, pfn: 0x106)], pages: 1,
      driver: DriverSpec(dst: [0: 0x803]))
    scenario.processes.append(ProcessSpec(name: "B", vmas: [VMASpec(
      start: vmaStart, pages: 1, mappings: [MappingSpec(page: 0, entry: .present, pfn: 0x106)])]))
    let timeline = Simulation.run(scenario)
    #expect(timeline.violations.isEmpty, "\(timeline.violations)")
    #expect(timeline.final.calls[0].src == [0x4183])
    #expect(timeline.final.calls[0].dst == [0x200c1])
    let setup = try #require(timeline.steps.first { $0.function == "migrate_vma_setup" && $0.label == "return" })
    let afterSetup = timeline.state(at: setup.index)
    #expect(afterSetup.processes[1].pte(at: vmaStart) == .migration(MigrationEntry(pfn: 0x106, kind: .read)))
    #expect(afterSetup.frame(0x106)?.refcount == 1)
    for process in timeline.final.processes {
      #expect(process.pte(at: vmaStart) == .devicePrivate(DevicePrivateEntry(pfn: 0x803, write: false)))
    }
    #expect(timeline.final.frame(0x803)?.refcount == 2)
    #expect(timeline.final.frame(0x803)?.mapcount == 2)
    #expect(timeline.final.frame(0x106)?.free == true)
  }

  @Test("S13: a CPU fault brings a device-private page back to a new system page", arguments: KernelVersion.allCases)
  func faultToRAM(kernel: KernelVersion) throws {
    let scenario = Scenario(
      name: "fault", title: "fault", memory: specMemory,
      folios: [FolioSpec(pfn: 0x800)] + (0x100...0x107).map { FolioSpec(pfn: $0) },
      processes: [ProcessSpec(name: "A", vmas: [VMASpec(start: vmaStart, pages: 8, mappings: [
        MappingSpec(page: 0, entry: .devicePrivate, pfn: 0x800, write: true),
      ])])],
      calls: [.cpuFault(process: "A", address: vmaStart, write: false, driver: DriverSpec())])
    let timeline = Simulation.run(scenario, kernel: kernel)
    #expect(timeline.violations.isEmpty, "\(timeline.violations)")
    let call = try #require(timeline.final.calls.first)
    #expect(call.src == [0x2000b])
    #expect(call.dst == [0x4209])
    // remove_migration_pte builds it old and clean (a device-private entry has no A/D bits);
    // the retried load then makes it young.
    #expect(timeline.final.processes[0].pte(at: vmaStart) == .present(PresentBits(pfn: 0x108, write: true, young: true)))
    #expect(timeline.final.frame(0x108)?.refcount == 1)
    #expect(timeline.final.frame(0x108)?.lru == true)
    #expect(timeline.final.frame(0x108)?.content == 0x800 << 16)
    #expect(timeline.final.frame(0x800)?.free == true)
    // The fault handler's reference joins the mapping's, and the step says whose they are.
    let fault = try #require(timeline.steps.first { $0.function == "do_swap_page" && $0.label == "device_private" })
    #expect(fault.text.contains("takes a reference of its own (refcount 1 → 2: the mapping's and the fault handler's)"),
            "\(fault.text)")
    #expect(timeline.state(at: fault.index).frame(0x800)?.refcount == 2)
    // dmirror_devmem_fault has no device page-table step: its alloc-and-copy erased the entry.
    #expect(!timeline.steps.contains { $0.function == "dmirror_migrate_finalize_and_map" })
    #expect(timeline.steps.contains { $0.phase == .driver && $0.function == "dmirror_devmem_fault_alloc_and_copy" })
    // v7.0: the fault folio stays locked by do_swap_page through finalize.
    let finalized = try #require(timeline.steps.last { $0.phase == .finalize && $0.slot == 0 })
    let lock = timeline.state(at: finalized.index).frame(0x800)?.lockedBy
    #expect(lock == (kernel == .v7_0 ? .faultHandler : nil))
    #expect(finalized.text.contains("is left locked (the fault folio: do_swap_page unlocks it) and put") == (kernel == .v7_0),
            "\(finalized.text)")
    // do_swap_page's put frees the device page through the version's own free path.
    let released = try #require(timeline.steps.first { $0.function == "do_swap_page" && $0.label == "release" })
    #expect(released.text.contains(kernel == .v7_0 ? "free_zone_device_folio()" : "free_zone_device_page()"),
            "\(released.text)")
    // The fault returns and the load is made again: it finds the new page present.
    #expect(timeline.steps.last { $0.phase == .fault }?.text
      == "T2 retries its read of 0x7f0000000000: the PTE is present, so the access proceeds without a fault; the MMU "
      + "sets the accessed bit: [write] → [write young].")
  }

  @Test("A hand-written fault_page call: do_swap_page's reference is the folio's extra_refs, counted once",
        arguments: KernelVersion.allCases)
  func handWrittenFaultPageCall(kernel: KernelVersion) throws {
    let scenario = Scenario(
      name: "fault-page", title: "fault-page", memory: specMemory,
      folios: [FolioSpec(pfn: 0x800, extraRefs: 1, lockedByOther: kernel == .v7_0)],
      processes: [ProcessSpec(name: "A", vmas: [VMASpec(start: vmaStart, pages: 8, mappings: [
        MappingSpec(page: 0, entry: .devicePrivate, pfn: 0x800, write: true),
      ])])],
      calls: [.migrateVMA(MigrateVMACall(process: "A", start: vmaStart, end: vmaStart + 4096, select: .devicePrivate,
                                         owner: "DEV0", faultPage: 0x800))])
    let timeline = Simulation.run(scenario, kernel: kernel)
    #expect(timeline.violations.isEmpty, "\(timeline.violations)")
    let call = try #require(timeline.final.calls.first)
    #expect(!call.faultHandlerInModel)
    #expect(call.src == [0x2000b])
    #expect(call.dst == [0x4009])
    // Only the fault handler outside the scenario still holds the device page.
    #expect(timeline.final.frame(0x800)?.refcount == 1)
    #expect(timeline.final.frame(0x800)?.free == false)
    #expect(timeline.final.processes[0].pte(at: vmaStart) == .present(PresentBits(pfn: 0x100, write: true)))
  }

  @Test("A write to the zero page: do_wp_page → wp_page_copy allocates a zeroed page; nothing is copied")
  func writeToTheZeroPage() throws {
    let scenario = Scenario(
      name: "zero-write", title: "zero-write", memory: specMemory, folios: [],
      processes: [ProcessSpec(name: "A", vmas: [VMASpec(start: vmaStart, pages: 8, mappings: [
        MappingSpec(page: 0, entry: .zero),
      ])])],
      calls: [.cpuFault(process: "A", address: vmaStart, write: true, driver: DriverSpec())])
    let timeline = Simulation.run(scenario)
    #expect(timeline.violations.isEmpty, "\(timeline.violations)")
    let step = try #require(timeline.steps.first { $0.function == "do_wp_page" })
    #expect(step.text.contains("do_wp_page() → wp_page_copy() copies nothing from it and allocates a zeroed page 0x100"),
            "\(step.text)")
    #expect(timeline.final.processes[0].pte(at: vmaStart)
            == .present(PresentBits(pfn: 0x100, write: true, dirty: true, young: true, softDirty: true)))
  }

  @Test("v7.0: a fault on a device page someone holds locked sleeps on the lock (do_swap_page's 2026 livelock fix)")
  func faultSleepsOnALockedDevicePage() throws {
    let scenario = Scenario(
      name: "fault", title: "fault", memory: specMemory,
      folios: [FolioSpec(pfn: 0x800, extraRefs: 1, lockedByOther: true)],
      processes: [ProcessSpec(name: "A", vmas: [VMASpec(start: vmaStart, pages: 8, mappings: [
        MappingSpec(page: 0, entry: .devicePrivate, pfn: 0x800, write: true),
      ])])],
      calls: [.cpuFault(process: "A", address: vmaStart, write: false, driver: DriverSpec())])
    let timeline = Simulation.run(scenario)
    #expect(timeline.violations.isEmpty, "\(timeline.violations)")
    let step = try #require(timeline.steps.first { $0.function == "do_swap_page" && $0.label == "trylock" })
    #expect(step.text.contains("softleaf_entry_wait_on_locked() drops the PTE lock"), "\(step.text)")
    #expect(!step.text.contains("again and again"), "\(step.text)")
    #expect(timeline.state(at: step.index).waiters.count == 1)
    #expect(timeline.final.processes[0].pte(at: vmaStart) == .devicePrivate(DevicePrivateEntry(pfn: 0x800, write: true)))
  }

  @Test("v7.0: a fault on a tail page of a PTE-mapped large device folio releases the fault page's own folio")
  func faultOnSplitDeviceFolio() throws {
    // A 4-page device-private folio mapped by four PTEs; the CPU reads its third page.
    let scenario = Scenario(
      name: "fault-tail", title: "fault-tail", memory: specMemory,
      folios: [FolioSpec(pfn: 0x800, order: 2)],
      processes: [ProcessSpec(name: "A", vmas: [VMASpec(start: vmaStart, pages: 4, mappings: (0..<4).map {
        MappingSpec(page: $0, entry: .devicePrivate, pfn: 0x800 + UInt64($0), write: true)
      })])],
      calls: [.cpuFault(process: "A", address: address(2), write: false, driver: DriverSpec())])
    let timeline = Simulation.run(scenario, kernel: .v7_0)
    #expect(timeline.violations.isEmpty, "\(timeline.violations)")
    // migrate_vma_split_folio() moved do_swap_page's lock and reference to 0x802's own folio,
    // so that folio is the one unlocked and put; the other pieces stay mapped and referenced.
    let release = try #require(timeline.steps.last { $0.label == "release" })
    #expect(release.pfn == 0x802)
    #expect(timeline.final.processes[0].pte(at: address(2)) == .present(PresentBits(pfn: 0x100, write: true, young: true)))
    #expect(timeline.final.frame(0x802)?.free == true)
    for pfn: UInt64 in [0x800, 0x801, 0x803] {
      #expect(timeline.final.frame(pfn)?.order == 0)
      #expect(timeline.final.frame(pfn)?.refcount == 1)
      #expect(timeline.final.frame(pfn)?.lockedBy == nil)
    }
  }

  @Test("S15: migrate_device_range evicts mapped device pages to system RAM")
  func deviceEvict() throws {
    let scenario = Scenario(
      name: "evict", title: "evict", memory: specMemory,
      folios: [FolioSpec(pfn: 0x800), FolioSpec(pfn: 0x801), FolioSpec(pfn: 0x803, lockedByOther: true)]
        + (0x100...0x109).map { FolioSpec(pfn: $0) },
      processes: [
        ProcessSpec(name: "A", vmas: [VMASpec(start: vmaStart, pages: 4, mappings: [
          MappingSpec(page: 0, entry: .devicePrivate, pfn: 0x800, write: true),
          MappingSpec(page: 1, entry: .devicePrivate, pfn: 0x801),
          MappingSpec(page: 2, entry: .devicePrivate, pfn: 0x803),
        ])]),
        ProcessSpec(name: "B", vmas: [VMASpec(start: vmaStart, pages: 4, mappings: [
          MappingSpec(page: 1, entry: .devicePrivate, pfn: 0x801),
        ])]),
      ],
      calls: [.migrateDeviceRange(startPfn: 0x800, pages: 4, driver: DriverSpec())])
    let timeline = Simulation.run(scenario)
    #expect(timeline.violations.isEmpty, "\(timeline.violations)")
    #expect(timeline.final.calls[0].src == [0x20003, 0x20043, 0, 0])
    #expect(timeline.final.calls[0].dst == [0x4281, 0x42c1, 0, 0])
    let a = timeline.final.processes[0]
    #expect(a.pte(at: address(0)) == .present(PresentBits(pfn: 0x10a, write: true)))
    #expect(a.pte(at: address(1)) == .present(PresentBits(pfn: 0x10b)))
    #expect(timeline.final.processes[1].pte(at: address(1)) == .present(PresentBits(pfn: 0x10b)))
    #expect(timeline.final.frame(0x10b)?.refcount == 2)
    #expect(timeline.final.frame(0x10b)?.mapcount == 2)
    #expect(timeline.final.frame(0x800)?.free == true)
    #expect(timeline.final.frame(0x801)?.free == true)
  }

  @Test("A fault in a file or shmem VMA says the model has no page cache and changes nothing",
        arguments: [VMAKind.file, .sharedAnon])
  func pageCacheFaultsChangeNothing(kind: VMAKind) throws {
    let backing: FolioBacking = kind == .file ? .file : .shmem
    let scenario = Scenario(
      name: "file", title: "file", memory: specMemory, folios: [FolioSpec(pfn: 0x100, backing: backing)],
      processes: [ProcessSpec(name: "A", vmas: [VMASpec(start: vmaStart, pages: 2, kind: kind, mappings: [
        MappingSpec(page: 0, entry: .present, pfn: 0x100),
      ])])],
      calls: [
        .cpuFault(process: "A", address: vmaStart + pageSize, write: true, driver: DriverSpec()),
        .cpuFault(process: "A", address: vmaStart, write: true, driver: DriverSpec()),
      ])
    let timeline = Simulation.run(scenario)
    #expect(timeline.violations.isEmpty, "\(timeline.violations)")
    let faults = timeline.steps.filter { $0.phase == .fault }
    #expect(faults.map(\.label) == ["do_fault", "do_wp_page"])
    #expect(faults.allSatisfy { $0.text.contains("this model has no page cache") && $0.changes.isEmpty })
    #expect(timeline.final.processes[0].pte(at: vmaStart + pageSize) == .none)
    #expect(timeline.final.processes[0].pte(at: vmaStart) == .present(PresentBits(pfn: 0x100, write: false)))
    #expect(timeline.final.frame(0x100) == timeline.state(at: 0).frame(0x100))
  }
}

@Suite("Device-exclusive entries hold their folio (v6.8: a reference; v6.15+: a mapping)")
struct DeviceExclusiveTests {
  /// 0x103 mapped read-only by process A and device-exclusive by process B; A's page migrates.
  static let scenario: Scenario = {
    var scenario = specScenario(folios: [FolioSpec(pfn: 0x103)],
                                mappings: [MappingSpec(page: 0, entry: .present, pfn: 0x103)], pages: 1)
    scenario.processes.append(ProcessSpec(name: "B", vmas: [VMASpec(start: vmaStart, pages: 1, mappings: [
      MappingSpec(page: 0, entry: .deviceExclusive, pfn: 0x103),
    ])]))
    return scenario
  }()

  @Test("v6.8: the entry's reference fails the pin check, so the page is restored and stays named")
  func v68Restores() {
    let timeline = Simulation.run(Self.scenario, kernel: .v6_8)
    #expect(timeline.violations.isEmpty, "\(timeline.violations)")
    #expect(timeline.state(at: 0).frame(0x103)?.refcount == 2)
    #expect(timeline.state(at: 0).frame(0x103)?.mapcount == 1)
    #expect(timeline.final.calls[0].src == [0])
    #expect(timeline.final.processes[1].pte(at: vmaStart) == .deviceExclusive(pfn: 0x103))
    #expect(timeline.final.frame(0x103)?.free == false)
  }

  @Test("v7.0: try_to_migrate converts the device-exclusive entry too, and both processes follow the page")
  func newestConverts() {
    let timeline = Simulation.run(Self.scenario, kernel: .v7_0)
    #expect(timeline.violations.isEmpty, "\(timeline.violations)")
    #expect(timeline.state(at: 0).frame(0x103)?.mapcount == 2)
    for process in timeline.final.processes {
      #expect(process.pte(at: vmaStart) == .devicePrivate(DevicePrivateEntry(pfn: 0x800, write: false)))
    }
    #expect(timeline.final.frame(0x103)?.free == true)
  }

  @Test("v7.0: splitting a large folio ends the device-exclusive entry of its page, whose mapping then follows the page")
  func splitEndsDeviceExclusiveEntry() {
    var scenario = specScenario(folios: [FolioSpec(pfn: 0x104, order: 2)],
                                mappings: (0..<4).map { MappingSpec(page: $0, entry: .present, pfn: 0x104 + UInt64($0)) },
                                pages: 4)
    scenario.processes.append(ProcessSpec(name: "B", vmas: [VMASpec(start: vmaStart, pages: 4, mappings: [
      MappingSpec(page: 1, entry: .deviceExclusive, pfn: 0x105),
    ])]))
    let timeline = Simulation.run(scenario, kernel: .v7_0)
    #expect(timeline.violations.isEmpty, "\(timeline.violations)")
    let split = timeline.steps.first { $0.function == "migrate_vma_split_folio" }
    #expect(split.map { timeline.state(at: $0.index).frame(0x105)?.mapcount } == 2, "A's PTE and B's entry")
    #expect(timeline.final.processes[1].pte(at: address(1)) == .devicePrivate(DevicePrivateEntry(pfn: 0x801, write: false)))
  }
}
