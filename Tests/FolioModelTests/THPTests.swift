import FolioModel
import FolioScenario
import Testing

/// A 512-slot VMA whose first PMD maps the order-9 THP at 0x200.
func thpScenario(select: MigrateSelect, driver: DriverSpec = DriverSpec(), pins: Int = 0) -> Scenario {
  var memory = specMemory
  memory.system = PfnRange(start: 0x100, count: 0x400)
  memory.devices = [DeviceSpec(name: "DEV0", type: .devicePrivate, range: PfnRange(start: 0x800, count: 0x400))]
  return Scenario(
    name: "thp", title: "thp", memory: memory, folios: [FolioSpec(pfn: 0x200, order: 9, pins: pins)],
    processes: [ProcessSpec(name: "A", vmas: [VMASpec(start: vmaStart, pages: 512, mappings: [
      MappingSpec(page: 0, entry: .hugePMD, pfn: 0x200, write: true, dirty: true, young: true),
    ])])],
    calls: [.migrateVMA(MigrateVMACall(process: "A", start: vmaStart, end: vmaStart + 512 * 4096, select: select,
                                       owner: "DEV0", driver: driver))])
}

/// `pfn << 6 | flags` for `count` consecutive pfns.
func mpfns(from pfn: UInt64, count: Int, flags: UInt64) -> [UInt64] {
  (0..<UInt64(count)).map { ((pfn + $0) << 6) | flags }
}

@Suite("THP (spec S9, S10, S11)")
struct THPTests {
  @Test("An explicit compound destination that cannot head an order-9 folio is refused like a failed allocation")
  func misalignedCompoundDestination() throws {
    let timeline = Simulation.run(thpScenario(select: [.system, .compound], driver: DriverSpec(dst: [0: 0x801])), kernel: .v7_0)
    #expect(timeline.violations.isEmpty, "\(timeline.violations)")
    let call = try #require(timeline.final.calls.first)
    #expect(call.dst[0] == 0)
    #expect(call.src[0] & MigratePFN.migrate == 0, "migrate_vma_pages clears MIGRATE without a destination")
    let refused = try #require(timeline.steps.first { $0.phase == .driver && $0.slot == 0 })
    #expect(refused.text.contains("0x801 cannot head an order-9 folio (not a multiple of 512)"), "\(refused.text)")
  }

  @Test("S9: without SELECT_COMPOUND the THP is split at collect", arguments: KernelVersion.allCases)
  func split(kernel: KernelVersion) {
    let timeline = Simulation.run(thpScenario(select: .system), kernel: kernel)
    #expect(timeline.violations.isEmpty, "\(timeline.violations)")
    let call = timeline.final.calls[0]
    #expect(call.cpages == 512)
    #expect(Array(call.src) == mpfns(from: 0x200, count: 512, flags: 0xb))
    #expect(Array(call.dst) == mpfns(from: 0x800, count: 512, flags: 0x9))
    // split_folio() took the dirty PMD through migration entries and back (remap_page); in v6.8
    // pte_mkdirty() left each PTE soft-dirty, v7.0 keeps the PMD's clear bit. Collect carried
    // that bit to the device entry.
    #expect(timeline.final.processes[0].pte(at: address(5))
            == .devicePrivate(DevicePrivateEntry(pfn: 0x805, write: true, softDirty: kernel == .v6_8)))
    #expect(timeline.final.processes[0].pmds.isEmpty)
    #expect(timeline.final.frame(0x805)?.order == 0)
  }

  @Test("S9: a pinned THP cannot be split: all 512 slots are 0, the PMD is unchanged")
  func pinnedSplitFails() {
    let timeline = Simulation.run(thpScenario(select: .system, pins: 1))
    #expect(timeline.violations.isEmpty, "\(timeline.violations)")
    #expect(timeline.final.calls[0].src.allSatisfy { $0 == 0 })
    #expect(timeline.final.processes[0].pmd(at: vmaStart)
      == .huge(PresentBits(pfn: 0x200, write: true, dirty: true, young: true)))
  }

  @Test("A pin on a THP adds 1 to its refcount (pins are counted apart), and still refuses the compound move")
  func pinnedTHPRefcount() throws {
    let timeline = Simulation.run(thpScenario(select: [.system, .compound], pins: 1))
    #expect(timeline.violations.isEmpty, "\(timeline.violations)")
    #expect(timeline.state(at: 0).frame(0x200)?.refcount == 2, "one mapping + one pin")
    #expect(timeline.state(at: 0).frame(0x200)?.pins == 1)
    // set_pmd_migration_entry: anon-exclusive and folio_maybe_dma_pinned ⇒ the PMD stays.
    #expect(timeline.final.processes[0].pmd(at: vmaStart)
      == .huge(PresentBits(pfn: 0x200, write: true, dirty: true, young: true)))
  }

  @Test("1024 extra references on a THP are not a pin: only _pincount says so")
  func extraRefsAreNoPinOnATHP() throws {
    var scenario = thpScenario(select: [.system, .compound])
    scenario.folios[0].extraRefs = 1024
    let timeline = Simulation.run(scenario)
    #expect(timeline.violations.isEmpty, "\(timeline.violations)")
    // The PMD becomes a migration entry at collect; the extra references fail the check at unmap.
    let collected = try #require(timeline.steps.first { $0.function == "migrate_vma_collect" && $0.label == "done" })
    guard case .migration = timeline.state(at: collected.index).processes[0].pmd(at: vmaStart) else {
      Issue.record("collect refused the THP as pinned: \(timeline.state(at: collected.index).processes[0].pmd(at: vmaStart))")
      return
    }
    #expect(timeline.final.calls[0].src[0] & MigratePFN.migrate == 0, "restored at unmap: someone holds references")
  }

  @Test("S10: with SELECT_COMPOUND the THP moves whole to a device THP")
  func compound() throws {
    let timeline = Simulation.run(thpScenario(select: [.system, .compound]))
    #expect(timeline.violations.isEmpty, "\(timeline.violations)")
    let call = timeline.final.calls[0]
    #expect(call.src[0] == 0x801b)
    #expect(call.src.dropFirst().allSatisfy { $0 == 0 })
    #expect(call.dst[0] == 0x20019)
    #expect(call.dst.dropFirst().allSatisfy { $0 == 0 })
    let collected = try #require(timeline.steps.first { $0.function == "migrate_vma_setup" && $0.label == "return" })
    #expect(timeline.state(at: collected.index).calls[0].cpages == 1)
    #expect(timeline.final.processes[0].pmd(at: vmaStart) == .devicePrivate(DevicePrivateEntry(pfn: 0x800, write: true)))
    #expect(timeline.final.frame(0x800)?.refcount == 1)
    #expect(timeline.final.frame(0x800)?.mapcount == 1)
    #expect(timeline.final.frame(0x200)?.free == true)
    #expect(timeline[timeline.count - 1].text == "Done. call 1 (migrate_vma): 512 of 512 pages migrated (their src "
      + "entries kept MIGRATE).", "one COMPOUND entry counts a PMD's worth of pages")
  }

  @Test("A PMD keeps PageAnonExclusive on its head alone; the PTEs of a split mark every page",
        arguments: [MigrateSelect.system, [.system, .compound]])
  func anonExclusiveOfAPMD(select: MigrateSelect) {
    let timeline = Simulation.run(thpScenario(select: select))
    #expect(timeline.violations.isEmpty, "\(timeline.violations)")
    #expect(timeline.state(at: 0).frame(0x200)?.anonExclusive == true)
    #expect(timeline.state(at: 0).frame(0x201)?.anonExclusive == false)
    // Split: 512 PTEs, each restored as an exclusive device-private entry. Compound: one PMD.
    let whole = select.contains(.compound)
    #expect(timeline.final.frame(0x800)?.anonExclusive == true)
    #expect(timeline.final.frame(0x9ff)?.anonExclusive == !whole)
  }

  @Test("Splitting a dirty PMD marks the folio dirty first, so every piece is dirty (__split_huge_pmd_locked)",
        arguments: KernelVersion.allCases)
  func dirtyPMDSplit(kernel: KernelVersion) throws {
    let timeline = Simulation.run(thpScenario(select: .system), kernel: kernel)
    let split = try #require(timeline.steps.first { $0.text.contains("512 order-0 folios") })
    let state = timeline.state(at: split.index)
    #expect(state.frame(0x200)?.dirty == true)
    #expect(state.frame(0x3ff)?.dirty == true)
  }

  @Test("v7.0: a pinned PTE-mapped mTHP cannot be split at collect; the step counts as the split did")
  func pinnedMTHPSplitFails() throws {
    let scenario = specScenario(
      folios: [FolioSpec(pfn: 0x104, order: 2, pins: 1)],
      mappings: (0..<4).map { MappingSpec(page: $0, entry: .present, pfn: 0x104 + UInt64($0), write: true) }, pages: 4)
    let timeline = Simulation.run(scenario)
    #expect(timeline.violations.isEmpty, "\(timeline.violations)")
    let failed = try #require(timeline.steps.first { $0.function == "migrate_vma_split_folio" && $0.failed })
    #expect(failed.text.contains("refcount 6 (with our own reference) is more than the 5 it can account for"), "\(failed.text)")
    #expect(timeline.final.frame(0x104)?.refcount == 5 && timeline.final.calls[0].src.allSatisfy { $0 == 0 })
  }

  @Test("S11: a compound source with small destinations is split in migrate_vma_pages")
  func compoundSmallDestinations() {
    let timeline = Simulation.run(thpScenario(select: [.system, .compound], driver: DriverSpec(failCompoundAlloc: true)))
    #expect(timeline.violations.isEmpty, "\(timeline.violations)")
    let call = timeline.final.calls[0]
    #expect(Array(call.src) == mpfns(from: 0x200, count: 512, flags: 0xb))
    #expect(Array(call.dst) == mpfns(from: 0x800, count: 512, flags: 0x9))
    #expect(timeline.final.processes[0].pte(at: address(511)) == .devicePrivate(DevicePrivateEntry(pfn: 0x9ff, write: true)))
  }
}

@Suite("Splitting a file or shmem large folio at collect unmaps it (split_folio → try_to_unmap)")
struct FileSplitTests {
  @Test("v7.0: a PTE-mapped file mTHP is split and left unmapped; its slots are 0", arguments: [FolioBacking.file, .shmem])
  func pteMappedFileFolio(backing: FolioBacking) {
    let kind: VMAKind = backing == .file ? .file : .sharedAnon
    var scenario = specScenario(folios: [FolioSpec(pfn: 0x110, order: 2, backing: backing)],
                                mappings: (0..<4).map { MappingSpec(page: $0, entry: .present, pfn: 0x110 + UInt64($0), write: true, dirty: $0 == 1) },
                                pages: 4)
    scenario.processes[0].vmas[0].kind = kind
    let timeline = Simulation.run(scenario, kernel: .v7_0)
    #expect(timeline.violations.isEmpty, "\(timeline.violations)")
    #expect(Array(timeline.final.calls[0].src) == [0, 0, 0, 0])
    #expect(timeline.final.calls[0].cpages == 0)
    for k in 0..<4 {
      let pfn = 0x110 + UInt64(k)
      #expect(timeline.final.processes[0].pte(at: address(k)) == PTE.none)
      // The page cache's reference only; PG_dirty came from the dirty PTE.
      #expect(timeline.final.frame(pfn)?.order == 0)
      #expect(timeline.final.frame(pfn)?.refcount == 1)
      #expect(timeline.final.frame(pfn)?.mapcount == 0)
      #expect(timeline.final.frame(pfn)?.isLocked == false)
      #expect(timeline.final.frame(pfn)?.dirty == true)
    }
  }

  @Test("A PMD-mapped shmem THP is split with its PMD cleared; the range is 0", arguments: KernelVersion.allCases)
  func pmdMappedShmemTHP(kernel: KernelVersion) {
    var scenario = thpScenario(select: .system)
    scenario.folios[0].backing = .shmem
    scenario.processes[0].vmas[0].kind = .sharedAnon
    let timeline = Simulation.run(scenario, kernel: kernel)
    #expect(timeline.violations.isEmpty, "\(timeline.violations)")
    #expect(timeline.final.calls[0].src.allSatisfy { $0 == 0 })
    #expect(timeline.final.calls[0].cpages == 0)
    #expect(timeline.final.processes[0].pmds.isEmpty)
    #expect(timeline.final.processes[0].pte(at: address(5)) == PTE.none)
    #expect(timeline.final.frame(0x205)?.order == 0)
    #expect(timeline.final.frame(0x205)?.refcount == 1)
    #expect(timeline.final.frame(0x205)?.mapcount == 0)
  }
}

@Suite("A locked PMD-mapped THP at collect")
struct LockedTHPTests {
  @Test("v6.8 leaks the reference it took before the failed trylock; v7.0 drops it", arguments: KernelVersion.allCases)
  func trylockFailure(kernel: KernelVersion) {
    var scenario = thpScenario(select: .system)
    scenario.folios[0].lockedByOther = true
    let timeline = Simulation.run(scenario, kernel: kernel)
    #expect(timeline.violations.isEmpty, "\(timeline.violations)")
    #expect(timeline.final.calls[0].src.allSatisfy { $0 == 0 })
    let before = timeline.state(at: 0).frame(0x200)?.refcount ?? 0
    #expect(timeline.final.frame(0x200)?.refcount == before + (kernel == .v6_8 ? 1 : 0))
    #expect(timeline.final.processes[0].pmd(at: vmaStart) == .huge(PresentBits(pfn: 0x200, write: true, dirty: true, young: true)))
  }
}

@Suite("Splitting an unmapped THP that another process maps too")
struct SharedTHPSplitTests {
  @Test("The step warns that the kernel would leave the other process's PMD migration entry")
  func otherProcessPMD() throws {
    var scenario = thpScenario(select: [.system, .compound], driver: DriverSpec(failCompoundAlloc: true))
    scenario.processes[0].vmas[0].mappings[0].write = false
    scenario.processes.append(ProcessSpec(name: "B", vmas: [VMASpec(start: vmaStart, pages: 512, mappings: [
      MappingSpec(page: 0, entry: .hugePMD, pfn: 0x200, young: true),
    ])]))
    let timeline = Simulation.run(scenario, kernel: .v7_0)
    #expect(timeline.violations.isEmpty, "\(timeline.violations)")
    let split = try #require(timeline.steps.first { $0.function == "migrate_vma_split_unmapped_folio" })
    #expect(split.text.contains("B's PMD at 0x7f0000000000"), "\(split.text)")
    #expect(!split.text.contains(" A's PMD"), "the calling VMA's own PMD is split by the kernel too")
  }
}
