import FolioModel
import FolioScenario
import Testing

@Suite("Happy paths (spec S1, S2)")
struct HappyPathTests {
  @Test("S1: an anon page moves to device-private memory", arguments: KernelVersion.allCases)
  func anonToDevice(kernel: KernelVersion) {
    let scenario = specScenario(
      folios: [FolioSpec(pfn: 0x100)],
      mappings: [MappingSpec(page: 0, entry: .present, pfn: 0x100, write: true, dirty: true, young: true)], pages: 1)
    let timeline = Simulation.run(scenario, kernel: kernel)
    #expect(timeline.violations.isEmpty, "\(timeline.violations)")
    let final = timeline.final
    #expect(final.calls[0].src == [0x400b])
    #expect(final.calls[0].dst == [0x20009])
    #expect(final.calls[0].cpages == 1)
    #expect(final.processes[0].pte(at: vmaStart) == .devicePrivate(DevicePrivateEntry(pfn: 0x800, write: true)))
    let device = final.frame(0x800)
    #expect(device?.refcount == 1)
    #expect(device?.mapcount == 1)
    #expect(device?.isLocked == false)
    #expect(device?.anonExclusive == true)
    #expect(final.frame(0x100)?.free == true)
    #expect(device?.content == 0x100 << 16)
    // Towards the device, the driver maps the new page in its page table between pages and finalize.
    let map = timeline.steps.firstIndex { $0.function == "dmirror_migrate_finalize_and_map" }
    let finalize = timeline.steps.firstIndex { $0.function == "migrate_vma_finalize" }
    #expect(map != nil && finalize != nil && map! < finalize!)
  }

  @Test("S1 after collect: migration entry with young and dirty, folio locked and dirty")
  func anonToDeviceAfterCollect() throws {
    let scenario = specScenario(
      folios: [FolioSpec(pfn: 0x100)],
      mappings: [MappingSpec(page: 0, entry: .present, pfn: 0x100, write: true, dirty: true, young: true)], pages: 1)
    let timeline = Simulation.run(scenario)
    let collected = try #require(timeline.steps.last { $0.phase == .collect && $0.slot == 0 })
    let state = timeline.state(at: collected.index)
    #expect(state.calls[0].src[0] == 0x400b)
    #expect(state.processes[0].pte(at: vmaStart)
      == .migration(MigrationEntry(pfn: 0x100, kind: .write, young: true, dirty: true)))
    let folio = try #require(state.frame(0x100))
    #expect(folio.lockedBy == .migration)
    #expect(folio.refcount == 1)
    #expect(folio.mapcount == 0)
    #expect(folio.dirty)
  }

  @Test("S2: a hole is populated on the device during migrate_vma_pages")
  func holePopulate() throws {
    let scenario = specScenario(folios: [], mappings: [], pages: 2)
    let timeline = Simulation.run(scenario)
    #expect(timeline.violations.isEmpty, "\(timeline.violations)")
    #expect(timeline.final.calls[0].src == [0x2, 0x2])
    #expect(timeline.final.calls[0].dst == [0x20001, 0x20041])
    let inserted = try #require(timeline.steps.first { $0.function == "migrate_vma_insert_page" && $0.slot == 1 })
    let state = timeline.state(at: inserted.index)
    #expect(state.processes[0].pte(at: address(1)) == .devicePrivate(DevicePrivateEntry(pfn: 0x801, write: true)))
    #expect(state.frame(0x801)?.refcount == 2)
    #expect(timeline.final.frame(0x801)?.refcount == 1)
    #expect(timeline.final.frame(0x801)?.mapcount == 1)
  }
}

@Suite("remove_migration_pte's uffd-wp rules")
struct UffdWpRestoreTests {
  @Test("A writable uffd-wp entry keeps uffd-wp as a device-private entry (only a present PTE drops it)")
  func deviceEntryKeepsUffdWp() {
    let scenario = specScenario(
      folios: [FolioSpec(pfn: 0x100)],
      mappings: [MappingSpec(page: 0, entry: .present, pfn: 0x100, write: true, uffdWp: true)], pages: 1)
    let timeline = Simulation.run(scenario)
    #expect(timeline.violations.isEmpty, "\(timeline.violations)")
    #expect(timeline.final.processes[0].pte(at: vmaStart)
            == .devicePrivate(DevicePrivateEntry(pfn: 0x800, write: true, uffdWp: true)))
  }

  @Test("Restored in place (the driver declines), a writable PTE comes back without uffd-wp")
  func presentPTEDropsUffdWpWhenWritable() {
    let scenario = specScenario(
      folios: [FolioSpec(pfn: 0x100)],
      mappings: [MappingSpec(page: 0, entry: .present, pfn: 0x100, write: true, uffdWp: true)], pages: 1,
      driver: DriverSpec(decline: [0]))
    let timeline = Simulation.run(scenario)
    #expect(timeline.final.processes[0].pte(at: vmaStart) == .present(PresentBits(pfn: 0x100, write: true)))
  }
}

@Suite("migrate_vma_insert_page into device-coherent memory")
struct CoherentHoleTests {
  @Test("A hole populated with a device-coherent page gets a present, young, dirty, writable PTE")
  func holeToCoherent() {
    var scenario = specScenario(folios: [], mappings: [], pages: 1)
    scenario.memory.devices.append(DeviceSpec(name: "COH0", type: .deviceCoherent, range: PfnRange(start: 0xc00, count: 16)))
    scenario.calls = [.migrateVMA(MigrateVMACall(process: "A", start: vmaStart, end: vmaStart + 4096, owner: "COH0"))]
    let timeline = Simulation.run(scenario)
    #expect(timeline.violations.isEmpty, "\(timeline.violations)")
    // pte_mkdirty() sets soft-dirty along with dirty.
    #expect(timeline.final.processes[0].pte(at: vmaStart)
            == .present(PresentBits(pfn: 0xc00, write: true, dirty: true, young: true, softDirty: true)))
  }
}

@Suite("folio_migrate_mapping hands the swap cache over")
struct SwapCacheMigrationTests {
  @Test("A shmem page in the swap cache has left its page cache: one cache reference, not two")
  func shmemInSwapCache() {
    var scenario = specScenario(folios: [FolioSpec(pfn: 0x103, backing: .shmem, swapcache: true)],
                                mappings: [MappingSpec(page: 0, entry: .present, pfn: 0x103)], pages: 1)
    scenario.processes[0].vmas[0].kind = .sharedAnon
    #expect(Simulation.run(scenario).state(at: 0).frame(0x103)?.refcount == 2, "one mapping + the swap cache")
  }

  @Test("An anon page in the swap cache migrated to system RAM: the new folio takes the swap-cache reference and flag")
  func swapCacheMovesWithTheMapping() throws {
    let scenario = specScenario(
      folios: [FolioSpec(pfn: 0x103, swapcache: true)],
      mappings: [MappingSpec(page: 0, entry: .present, pfn: 0x103, write: true)], pages: 1,
      driver: DriverSpec(allocateFrom: "system"))
    let timeline = Simulation.run(scenario)
    #expect(timeline.violations.isEmpty, "\(timeline.violations)")
    // At migrate_vma_pages, before finalize frees the old folio: folio_migrate_flags() has
    // cleared its PG_swapcache, and the cache's reference has moved to the new folio.
    let moved = try #require(timeline.steps.first { $0.phase == .pages && $0.label == "moved" })
    let atMove = timeline.state(at: moved.index)
    #expect(atMove.frame(0x103).map { ($0.swapcache, $0.refcount) } ?? (true, 0) == (false, 1))
    #expect(atMove.frame(0x100).map { ($0.swapcache, $0.refcount) } ?? (false, 0) == (true, 2))
    #expect(timeline.final.calls[0].src == [0x40cb])
    let new = timeline.final.frame(0x100)
    #expect(new?.refcount == 2, "one mapping + the swap cache")
    #expect(new?.swapcache == true)
    #expect(timeline.final.frame(0x103)?.free == true)
    #expect(timeline.final.frame(0x103)?.swapcache == false)
  }

  @Test("A swap-cache anon page headed for device memory leaves the swap cache, dirty, then is refused",
        arguments: KernelVersion.allCases)
  func swapCacheToDeviceIsFreedThenRefused(kernel: KernelVersion) throws {
    let scenario = specScenario(folios: [FolioSpec(pfn: 0x103, swapcache: true)],
                                mappings: [MappingSpec(page: 0, entry: .present, pfn: 0x103, write: true)], pages: 1)
    let timeline = Simulation.run(scenario, kernel: kernel)
    #expect(timeline.violations.isEmpty, "\(timeline.violations)")
    let refused = try #require(timeline.steps.first { $0.label == "swapcache" })
    #expect(refused.text.contains("folio_free_swap() takes it out (PG_swapcache cleared, the cache's reference dropped"))
    let page = try #require(timeline.final.frame(0x103))
    #expect(timeline.final.calls[0].src[0] & MigratePFN.migrate == 0)
    #expect((page.swapcache, page.dirty, page.refcount, page.mapcount) == (false, true, 1, 1))
  }

  @Test("A page someone else isolated: folio_isolate_lru() fails after one lru_add_drain_all(), and it is restored",
        arguments: KernelVersion.allCases)
  func isolatedElsewhereIsRestored(kernel: KernelVersion) throws {
    let scenario = specScenario(
      folios: [FolioSpec(pfn: 0x100), FolioSpec(pfn: 0x101, isolated: true), FolioSpec(pfn: 0x102, isolated: true)],
      mappings: (0..<3).map { MappingSpec(page: $0, entry: .present, pfn: 0x100 + UInt64($0), write: true) }, pages: 3)
    let timeline = Simulation.run(scenario, kernel: kernel)
    #expect(timeline.violations.isEmpty, "\(timeline.violations)")
    #expect(timeline.state(at: 0).frame(0x101).map { ($0.lru, $0.refcount) } ?? (true, 0) == (false, 2))
    let refused = timeline.steps.filter { $0.label == "isolate" }
    #expect(refused.map(\.slot) == [1, 2])
    #expect(refused.first?.text.contains("lru_add_drain_all() first drains every CPU's LRU batch (once per call)") == true)
    #expect(refused.last?.text.contains("lru_add_drain_all") == false, "the drain happens once")
    let final = timeline.final
    #expect(Array(final.calls[0].src[1...]) == [0, 0])
    #expect(final.processes[0].pte(at: address(1)) == .present(PresentBits(pfn: 0x101, write: true)))
    #expect(final.frame(0x101).map { ($0.lru, $0.refcount, $0.mapcount) } ?? (true, 0, 0) == (false, 2, 1))
  }
}
