import FolioModel
import FolioScenario
import Testing

/// The eviction path (`migrate_device_range`, `migrate_device_unmap`, `migrate_device_pages`,
/// `migrate_device_finalize`, `migrate_device_coherent_folio`, dmirror's eviction) in the states
/// the other suites leave out, each asserted as v7.0's (and v6.8's) code does it
/// (DECISIONS "The eviction path, audited against v7.0").
@Suite("The eviction path, branch by branch")
struct EvictionAuditTests {
  /// `memory` with process A's 1024-page VMA mapping `mappings`, and `call` as the only call.
  static func scenario(memory: PhysicalMemory = specMemory, folios: [FolioSpec], mappings: [MappingSpec],
                       call: CallSpec) -> Scenario {
    Scenario(name: "evict", title: "evict", memory: memory, folios: folios,
             processes: [ProcessSpec(name: "A", vmas: [VMASpec(start: vmaStart, pages: 1024, mappings: mappings)])],
             calls: [call])
  }

  @Test("A device page nobody maps is still someone's: the unmap check lets it through, folio_migrate_mapping refuses it",
        arguments: KernelVersion.allCases)
  func anUnmappedHeldPageStays(kernel: KernelVersion) throws {
    let scenario = Self.scenario(folios: [FolioSpec(pfn: 0x800, extraRefs: 1)], mappings: [],
                                 call: .migrateDeviceRange(startPfn: 0x800, pages: 1, driver: DriverSpec()))
    let timeline = Simulation.run(scenario, kernel: kernel)
    #expect(timeline.violations.isEmpty, "\(timeline.violations)")
    let unmapped = try #require(timeline.steps.first { $0.function == "migrate_device_unmap" && $0.label == "unmapped" })
    #expect(timeline.state(at: unmapped.index).calls[0].src[0] == 0x800 << 6 | MigratePFN.valid | MigratePFN.migrate)
    let refused = try #require(timeline.steps.first { $0.label == "refcount" })
    #expect(refused.text.contains("expects refcount 1") && refused.text.contains("finds 2"), "\(refused.text)")
    let final = timeline.final
    // MIGRATE cleared by the refusal; finalize frees the unused destination and leaves the page.
    #expect(final.calls[0].src[0] == 0x800 << 6 | MigratePFN.valid)
    let dst = try #require(MigratePFN.page(final.calls[0].dst[0]))
    #expect(final.frame(dst)?.free == true)
    let page = try #require(final.frame(0x800))
    #expect(!page.free && page.refcount == 1 && page.mapcount == 0 && page.lockedBy == nil)
  }

  @Test("A device-private PMD is evicted whole: the PMD migration entry comes back as a huge PMD of the system THP")
  func aDevicePMDIsEvictedWhole() throws {
    var memory = specMemory
    memory.system = PfnRange(start: 0x200, count: 0x200)
    memory.devices = [DeviceSpec(name: "DEV0", type: .devicePrivate, range: PfnRange(start: 0x800, count: 0x200))]
    let scenario = Self.scenario(memory: memory, folios: [FolioSpec(pfn: 0x800, order: 9)],
                                 mappings: [MappingSpec(page: 0, entry: .devicePrivatePMD, pfn: 0x800, write: true)],
                                 call: .migrateDeviceRange(startPfn: 0x800, pages: 512, driver: DriverSpec()))
    let timeline = Simulation.run(scenario, kernel: .v7_0)
    #expect(timeline.violations.isEmpty, "\(timeline.violations)")
    let call = timeline.final.calls[0]
    // pfn_lock: V|M, never W; the loop adds C and zeroes the other 511 slots.
    #expect(call.src[0] == 0x800 << 6 | MigratePFN.valid | MigratePFN.migrate | MigratePFN.compound)
    #expect(call.src[1...].allSatisfy { $0 == 0 } && call.dst[1...].allSatisfy { $0 == 0 })
    // dmirror's folio_alloc of the source's order: dst = pfn | C, no W.
    #expect(call.dst[0] == 0x200 << 6 | MigratePFN.valid | MigratePFN.compound)
    // The entry's kind, not src, gives the write bit back.
    #expect(timeline.final.processes[0].pmd(at: vmaStart) == .huge(PresentBits(pfn: 0x200, write: true)))
    let thp = try #require(timeline.final.frame(0x200))
    #expect(thp.order == 9 && thp.refcount == 1 && thp.mapcount == 1 && thp.lru && thp.lockedBy == nil)
    let old = try #require(timeline.final.frame(0x9ff))
    #expect(old.free && old.head == 0x800 && old.order == 9)
  }

  @Test("Device-coherent pages are evicted like private ones: present PTEs become migration entries, then present again",
        arguments: KernelVersion.allCases)
  func aCoherentChunkIsEvicted(kernel: KernelVersion) throws {
    var memory = specMemory
    memory.devices = [DeviceSpec(name: "DEV2", type: .deviceCoherent, range: PfnRange(start: 0xc00, count: 16))]
    let scenario = Self.scenario(memory: memory, folios: [FolioSpec(pfn: 0xc00), FolioSpec(pfn: 0xc01)],
                                 mappings: [MappingSpec(page: 0, entry: .present, pfn: 0xc00, write: true),
                                            MappingSpec(page: 1, entry: .present, pfn: 0xc01)],
                                 call: .migrateDeviceRange(startPfn: 0xc00, pages: 2, driver: DriverSpec()))
    let timeline = Simulation.run(scenario, kernel: kernel)
    #expect(timeline.violations.isEmpty, "\(timeline.violations)")
    let unmapped = try #require(timeline.steps.last { $0.function == "migrate_device_unmap" && $0.label == "unmapped" })
    let mid = timeline.state(at: unmapped.index).processes[0]
    #expect(mid.pte(at: address(0)) == .migration(MigrationEntry(pfn: 0xc00, kind: .write)))
    // A read-only anon-exclusive page keeps its exclusivity in the entry's kind.
    #expect(mid.pte(at: address(1)) == .migration(MigrationEntry(pfn: 0xc01, kind: .readExclusive)))
    let call = timeline.final.calls[0]
    #expect(Array(call.src) == [0xc00 << 6 | 3, 0xc01 << 6 | 3], "V|M, never W")
    let dst = try (0..<2).map { try #require(MigratePFN.page(call.dst[$0])) }
    #expect(timeline.final.processes[0].pte(at: address(0)) == .present(PresentBits(pfn: dst[0], write: true)))
    #expect(timeline.final.processes[0].pte(at: address(1)) == .present(PresentBits(pfn: dst[1])))
    for pfn in dst {
      let page = try #require(timeline.final.frame(pfn))
      #expect(page.refcount == 1 && page.mapcount == 1 && page.lru && page.lockedBy == nil && page.anonExclusive)
    }
    #expect(timeline.final.frame(0xc00)?.free == true && timeline.final.frame(0xc01)?.free == true)
  }

  @Test("Small destinations for a compound source: migrate_device_pages clears M|C, finalize restores the folio and frees every page")
  func smallDestinationsForACompoundSource() throws {
    let scenario = Self.scenario(
      folios: [FolioSpec(pfn: 0x804, order: 2)],
      mappings: (0..<4).map { MappingSpec(page: $0, entry: .devicePrivate, pfn: 0x804 + UInt64($0), write: true) },
      call: .migrateDeviceRange(startPfn: 0x804, pages: 4, driver: DriverSpec(failCompoundAlloc: true)))
    let timeline = Simulation.run(scenario, kernel: .v7_0)
    #expect(timeline.violations.isEmpty, "\(timeline.violations)")
    let call = timeline.final.calls[0]
    // No VMA to split under: M and C go, V stays, the other slots keep their 0.
    #expect(Array(call.src) == [0x804 << 6 | MigratePFN.valid, 0, 0, 0])
    let small = try (0..<4).map { try #require(MigratePFN.page(call.dst[$0])) }
    #expect((0..<4).allSatisfy { call.dst[$0] & MigratePFN.compound == 0 })
    // Slot 0's destination goes with the restore, slots 1…3's through finalize's "no source page" branch.
    for pfn in small { #expect(timeline.final.frame(pfn)?.free == true, "\(MigratePFN.hex(pfn))") }
    let noSource = timeline.steps.filter { $0.function == "__migrate_device_finalize" && $0.label == "hole" }
    #expect(noSource.map(\.slot) == [1, 2, 3])
    for k in 0..<4 {
      #expect(timeline.final.processes[0].pte(at: address(k))
                == .devicePrivate(DevicePrivateEntry(pfn: 0x804 + UInt64(k), write: true)))
    }
    let folio = try #require(timeline.final.frame(0x804))
    #expect(folio.refcount == 4 && folio.mapcount == 4 && folio.lockedBy == nil)
  }
}

/// `migrate_device_coherent_folio` on a large folio: `WARN_ON_ONCE`, then the call goes on and
/// fails where each kernel's code makes it fail.
@Suite("migrate_device_coherent_folio warns on a large folio and goes on")
struct CoherentLargeFolioTests {
  /// The coherent order-1 folio 0xc00, mapped by A's pages 0 and 1, under `kernel`, and its lock step.
  func run(_ kernel: KernelVersion) throws -> (Timeline, Step) {
    let scenario = CoherentFolioEdgeTests.scenario(folios: [FolioSpec(pfn: 0xc00, order: 1, extraRefs: 1)],
                                                   mapped: [0xc00, 0xc01])
    let timeline = Simulation.run(scenario, kernel: kernel)
    #expect(timeline.violations.isEmpty, "\(timeline.violations)")
    return (timeline, try #require(timeline.steps.first { $0.label == "lock" }))
  }

  @Test("v7.0: unmap marks src COMPOUND, migrate_device_pages clears M|C against the order-0 page, finalize restores")
  func v70() throws {
    let (timeline, lock) = try run(.v7_0)
    #expect(lock.text.hasSuffix("The folio has 2 pages: WARN_ON_ONCE(folio_test_large(folio)) fires and the call goes "
      + "on; migrate_device_unmap will mark src COMPOUND, and migrate_device_pages, which has no VMA to split under, will "
      + "refuse it against the order-0 destination: -EBUSY."), "\(lock.text)")
    let unmapReturn = try #require(timeline.steps.first { $0.function == "migrate_device_unmap" && $0.label == "return" })
    let afterUnmap = timeline.state(at: unmapReturn.index)
    #expect(afterUnmap.calls[0].src[0] == 0xc00 << 6 | MigratePFN.valid | MigratePFN.migrate | MigratePFN.compound)
    #expect(afterUnmap.processes[0].pte(at: vmaStart) == .migration(MigrationEntry(pfn: 0xc00, kind: .write)))
    let final = timeline.final
    #expect(final.calls[0].src[0] == 0xc00 << 6 | MigratePFN.valid)
    let dst = try #require(MigratePFN.page(final.calls[0].dst[0]))
    #expect(final.frame(dst)?.free == true)
    #expect(final.processes[0].pte(at: address(1)) == .present(PresentBits(pfn: 0xc01, write: true)))
    // The restore took a reference per mapping back; finalize's put consumed the caller's.
    let folio = try #require(final.frame(0xc00))
    #expect(folio.refcount == 2 && folio.mapcount == 2 && folio.lockedBy == nil && !folio.lru)
    #expect(timeline.steps.contains { $0.label == "return" && $0.failed && $0.text.hasSuffix("returns -EBUSY.") })
  }

  @Test("v6.8: WARN_ON_ONCE(PageCompound), then migrate_vma_check_page refuses the compound page and unmap restores it")
  func v68() throws {
    let (timeline, lock) = try run(.v6_8)
    #expect(lock.text.contains("WARN_ON_ONCE(PageCompound(page)) fires and the call goes on; v6.8's "
      + "migrate_vma_check_page refuses a compound page"), "\(lock.text)")
    #expect(Array(timeline.final.calls[0].src) == [0] && Array(timeline.final.calls[0].dst) == [0])
    #expect(timeline.final.processes[0].pte(at: vmaStart) == .present(PresentBits(pfn: 0xc00, write: true)))
    #expect(timeline.steps.contains { $0.label == "ebusy" })
  }

  @Test("A small folio's lock step says nothing of a warning", arguments: KernelVersion.allCases)
  func smallFolioNoWarning(kernel: KernelVersion) throws {
    let timeline = Simulation.run(try BuiltinScenarios.load("coherent-longterm-pin"), kernel: kernel)
    let lock = try #require(timeline.steps.first { $0.label == "lock" })
    #expect(!lock.text.contains("WARN_ON_ONCE"))
  }
}
