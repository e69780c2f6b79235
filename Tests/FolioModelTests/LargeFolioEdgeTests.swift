import FolioModel
import FolioScenario
import Testing

/// `split_folio()` puts every piece but the caller's: a piece nothing maps drops to refcount 0
/// and is freed, and the checker calls a folio with refcount 0 that was not freed a leak.
@Suite("A split frees the pieces nothing maps")
struct SplitFreeTests {
  @Test("An order-2 mTHP mapped by one PTE: collect splits it, and the three unmapped pieces are freed")
  func unmappedPiecesOfASystemMTHP() throws {
    let scenario = specScenario(folios: [FolioSpec(pfn: 0x104, order: 2)],
                                mappings: [MappingSpec(page: 0, entry: .present, pfn: 0x104, write: true)], pages: 1)
    let timeline = Simulation.run(scenario, kernel: .v7_0)
    #expect(timeline.violations.isEmpty, "\(timeline.violations)")
    let split = try #require(timeline.steps.first { $0.function == "migrate_vma_split_folio" })
    #expect(split.text.contains("3 pieces nothing maps go back to the buddy allocator"))
    let after = timeline.state(at: split.index)
    #expect([0x105, 0x106, 0x107].allSatisfy { after.frame($0)?.free == true })
    #expect(after.frame(0x104)?.refcount == 1 && after.frame(0x104)?.order == 0, "the mapped piece keeps its mapping's reference")
  }

  @Test("A dirty PTE of an anon mTHP marks the folio dirty as the split unmaps it, so every piece is PG_dirty")
  func splitPiecesInheritADirtyPTE() throws {
    let scenario = specScenario(folios: [FolioSpec(pfn: 0x104, order: 2)], mappings: [
      MappingSpec(page: 0, entry: .present, pfn: 0x104, write: true),
      MappingSpec(page: 1, entry: .present, pfn: 0x105, write: true, dirty: true),
    ], pages: 1)
    let timeline = Simulation.run(scenario, kernel: .v7_0)
    #expect(timeline.violations.isEmpty, "\(timeline.violations)")
    let split = try #require(timeline.steps.first { $0.function == "migrate_vma_split_folio" })
    let after = timeline.state(at: split.index)
    #expect(after.frame(0x104)?.dirty == true && after.frame(0x105)?.dirty == true)
    #expect(timeline.state(at: split.index - 1).frame(0x104)?.dirty == false)
  }
}

/// `migrate_vma_split_unmapped_folio()` splits the PMD (`split_huge_pmd_address`, freezing)
/// before it asks `folio_split_unmapped()`: when that refuses, the THP stays whole but is
/// restored by 512 PTEs.
@Suite("A compound source whose split fails in migrate_vma_pages")
struct SplitUnmappedFailureTests {
  @Test func theTHPComesBackMappedByPTEs() throws {
    let scenario = thpToDevice(devicePages: 2048, driver: DriverSpec(failCompoundAlloc: true),
                               events: [EventSpec(at: .beforePages, action: .getReference(pfn: 0x200))])
    let timeline = Simulation.run(scenario, kernel: .v7_0)
    #expect(timeline.violations.isEmpty, "\(timeline.violations)")
    let failed = try #require(timeline.steps.first { $0.label == "split_fail" })
    #expect(failed.text.contains("split_huge_pmd_address(freeze) turns the PMD migration entry into 512 PTE migration entries"))
    let split = timeline.state(at: failed.index)
    #expect(split.processes[0].pmds[vmaStart >> 21] == nil, "the PMD is a table now")
    guard case .migration(let entry) = split.processes[0].pte(at: vmaStart + 5 * 4096) else {
      Issue.record("no PTE migration entry at page 5")
      return
    }
    #expect(entry.pfn == 0x205)
    let final = timeline.final
    #expect(final.calls[0].src[0] == 0x8009)
    // v7.0's remove_migration_pte() rebuilds the dirty PTE with pte_mkdirty(), then takes
    // soft-dirty from the migration entry alone: the PMD was not soft-dirty, so neither is the PTE.
    #expect(final.processes[0].pte(at: vmaStart + 5 * 4096)
            == .present(PresentBits(pfn: 0x205, write: true, dirty: true, young: true)))
    let thp = try #require(final.frame(0x200))
    #expect((thp.order, thp.refcount, thp.mapcount, thp.lru) == (9, 513, 512, true))
  }
}

/// dmirror allocates a large destination for a compound entry, and when no free block of that
/// order is left it falls back to small pages (on the way to the device and back), as it does
/// for FAIL_ALLOC.
@Suite("No free large block: the driver falls back to small pages")
struct LargeAllocationFallbackTests {
  @Test func aFragmentedDeviceStillTakesTheTHPInSmallPages() throws {
    // DEV0 has one 2 MiB block, broken by a page in use: 599 small pages free, no order-9 block.
    let scenario = thpToDevice(devicePages: 600, busy: [FolioSpec(pfn: 0x810, extraRefs: 1)])
    let timeline = Simulation.run(scenario, kernel: .v7_0)
    #expect(timeline.violations.isEmpty, "\(timeline.violations)")
    let fallback = try #require(timeline.steps.first { $0.label == "fallback" })
    #expect(fallback.text.contains("(no free block of that order), so the driver falls back to small pages"))
    let final = timeline.final
    #expect((0..<512).allSatisfy { final.calls[0].src[$0] & MigratePFN.migrate != 0 }, "every page migrated")
    #expect(final.calls[0].dst[0] & MigratePFN.compound == 0)
    #expect(final.frame(0x200)?.free == true)
  }

  @Test func theFallbackSaysWhenSmallPagesRunOut() throws {
    let timeline = Simulation.run(thpToDevice(devicePages: 300), kernel: .v7_0)
    #expect(timeline.violations.isEmpty, "\(timeline.violations)")
    let fallback = try #require(timeline.steps.first { $0.label == "fallback" })
    #expect(fallback.text.hasSuffix("300 small pages from 0x800 fill dst[0…299] without COMPOUND (then they run out: "
      + "dst[300…511] stay 0); dmirror does not check these allocations (the kernel would oops on the NULL page; the "
      + "model leaves the rest of the run 0), and each subpage is copied."))
  }
}

/// A shmem THP's split unmaps it instead of splitting its PMD into PTEs: the walk looks again,
/// finds `pmd_none`, and `migrate_vma_collect_hole()` skips the whole range in one go.
@Suite("A split shmem THP leaves a hole")
struct SplitShmemTHPTests {
  @Test(arguments: KernelVersion.allCases)
  func theRangeIsSkippedAsAHole(kernel: KernelVersion) throws {
    let memory = PhysicalMemory(system: PfnRange(start: 0x100, count: 1792), devices: [
      DeviceSpec(name: "DEV0", type: .devicePrivate, range: PfnRange(start: 0x800, count: 512))])
    let scenario = Scenario(
      name: "shmem-thp", title: "shmem-thp", memory: memory, folios: [FolioSpec(pfn: 0x200, order: 9, backing: .shmem)],
      processes: [ProcessSpec(name: "A", vmas: [VMASpec(start: vmaStart, pages: 512, kind: .sharedAnon, mappings: [
        MappingSpec(page: 0, entry: .hugePMD, pfn: 0x200, write: true)])])],
      calls: [.migrateVMA(MigrateVMACall(process: "A", start: vmaStart, end: vmaStart + 512 * 4096, select: .system,
                                         owner: "DEV0"))])
    let timeline = Simulation.run(scenario, kernel: kernel)
    #expect(timeline.violations.isEmpty, "\(timeline.violations)")
    let collect = timeline.steps.filter { $0.phase == .collect }
    #expect(!collect.contains { $0.label == "pte_none" }, "no PTE loop over the cleared PMD")
    let skip = try #require(collect.first { $0.function == "migrate_vma_collect_skip" })
    #expect(skip.text.contains("writes src = 0 for slots 0–511"))
    #expect(timeline.final.calls[0].src.allSatisfy { $0 == 0 })
  }
}

/// A THP that one process maps by a PMD and another by a PTE was shared at fork: no page of it,
/// the head included, starts PageAnonExclusive.
@Suite("The start state of a THP mapped two ways")
struct THPMappedTwoWaysTests {
  @Test func itsHeadIsNotExclusive() throws {
    var scenario = thpToDevice(devicePages: 512)
    scenario.processes.append(ProcessSpec(name: "B", vmas: [VMASpec(start: vmaStart + 0x40_0000, pages: 16, mappings: [
      MappingSpec(page: 0, entry: .present, pfn: 0x205, dirty: true, young: true)])]))
    let timeline = Simulation.run(scenario, kernel: .v7_0)
    #expect(timeline.violations.isEmpty, "\(timeline.violations)")
    let start = timeline.state(at: 0)
    #expect([0x200, 0x205].allSatisfy { start.frame($0)?.anonExclusive == false })
    let collected = try #require(timeline.steps.first { $0.function == "migrate_vma_collect_huge_pmd" && $0.slot == 0 })
    #expect(!collected.text.contains("shared away"), "a shared head has no exclusivity to give up")
  }
}

/// What the collect and insert steps of a THP say about why and what they replace.
@Suite("THP step texts")
struct THPStepTextTests {
  @Test func aPinnedExclusiveTHPSaysWhySetPMDMigrationEntryFails() throws {
    let timeline = Simulation.run(thpToDevice(devicePages: 512, thp: FolioSpec(pfn: 0x200, order: 9, pins: 1)), kernel: .v7_0)
    #expect(timeline.violations.isEmpty, "\(timeline.violations)")
    let skip = try #require(timeline.steps.first { $0.label == "split_fail" })
    #expect(skip.text.hasPrefix("The THP 0x200 is not collected whole (set_pmd_migration_entry() fails: the THP is "
      + "anon-exclusive and may be pinned, so folio_try_share_anon_rmap_pmd() returns -EBUSY and the PMD is put back), and "
      + "split_folio() fails: refcount 3 (with our own reference)"))
  }

  @Test func aHugeZeroPMDIsNamedAndReplaced() throws {
    let timeline = Simulation.run(thpToDevice(devicePages: 512, thp: nil), kernel: .v7_0)
    #expect(timeline.violations.isEmpty, "\(timeline.violations)")
    #expect(timeline.steps.contains { $0.text.hasPrefix("A PMD-aligned 2 MiB range mapping only the huge zero page") })
    let insert = try #require(timeline.steps.first { $0.function == "migrate_vma_insert_huge_pmd_page" })
    #expect(insert.text.hasSuffix("It replaces the huge zero PMD: the new page table is freed, pmdp_invalidate() flushes "
      + "the old entry, then set_pmd_at()."))
  }
}

/// A's 2 MiB at `vmaStart` is the PMD-mapped THP `thp` at 0x200 (nil: the huge zero page), migrated whole (SELECT_COMPOUND) to DEV0
/// of `devicePages` pages from 0x800, where the `busy` folios are in use.
func thpToDevice(devicePages: Int, thp: FolioSpec? = FolioSpec(pfn: 0x200, order: 9), busy: [FolioSpec] = [],
                 driver: DriverSpec = DriverSpec(), events: [EventSpec] = []) -> Scenario {
  let memory = PhysicalMemory(system: PfnRange(start: 0x100, count: 1792), devices: [
    DeviceSpec(name: "DEV0", type: .devicePrivate, range: PfnRange(start: 0x800, count: devicePages))])
  return Scenario(
    name: "thp", title: "thp", memory: memory, folios: (thp.map { [$0] } ?? []) + busy,
    processes: [ProcessSpec(name: "A", vmas: [VMASpec(start: vmaStart, pages: 512, mappings: [thp == nil
      ? MappingSpec(page: 0, entry: .hugeZeroPMD)
      : MappingSpec(page: 0, entry: .hugePMD, pfn: 0x200, write: true, dirty: true, young: true)])])],
    calls: [.migrateVMA(MigrateVMACall(process: "A", start: vmaStart, end: vmaStart + 512 * 4096, select: [.system, .compound],
                                       owner: "DEV0", driver: driver))],
    events: events)
}
