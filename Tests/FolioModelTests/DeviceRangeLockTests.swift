import FolioModel
import FolioScenario
import Testing

@Suite("migrate_device_range/_pfns on a large device folio it cannot lock (v6.15+)")
struct DeviceRangeLockTests {
  /// DEV0's order-2 folio at 0x804 (locked by another thread if `locked`), mapped by process A,
  /// and one more device page at 0x808; `call` evicts some of them.
  func run(_ call: CallSpec, locked: Bool) -> Timeline {
    let scenario = Scenario(
      name: "evict-large", title: "evict-large", memory: specMemory,
      folios: [FolioSpec(pfn: 0x804, order: 2, lockedByOther: locked), FolioSpec(pfn: 0x808)],
      processes: [ProcessSpec(name: "A", vmas: [VMASpec(start: vmaStart, pages: 8, mappings:
        (0..<4).map { MappingSpec(page: $0, entry: .devicePrivate, pfn: 0x804 + UInt64($0), write: true) }
        + [MappingSpec(page: 4, entry: .devicePrivate, pfn: 0x808, write: true)])])],
      calls: [call])
    return Simulation.run(scenario, kernel: .v7_0)
  }

  @Test("Each kernel names who takes the reference and the lock: v6.8's migrate_device_range loop, or pfn_lock",
        arguments: KernelVersion.allCases)
  func lockingFunction(kernel: KernelVersion) throws {
    let timeline = Simulation.run(try BuiltinScenarios.load("device-evict-range"), kernel: kernel)
    let locker = kernel == .v6_8 ? "migrate_device_range" : "migrate_device_pfn_lock"
    let locked = timeline.steps.filter { $0.label == "locked" }
    #expect(locked.map(\.function) == [locker, locker])
    #expect(locked.allSatisfy { $0.line != nil && $0.text.contains("\(locker)() takes a reference") })
    let busy = try #require(timeline.steps.first { $0.label == "trylock" })
    #expect(busy.function == locker && busy.text.contains(kernel == .v6_8 ? "trylock_page() on 0x803" : "folio_trylock() on 0x803"))
    let unmapped = try #require(timeline.steps.first { $0.label == "unmapped" })
    #expect(unmapped.text.contains("held by the reference \(locker)() took"), "\(unmapped.text)")
  }

  @Test("A locked large folio: src = COMPOUND alone and its other slots are skipped")
  func lockedLargeFolio() {
    let timeline = run(.migrateDeviceRange(startPfn: 0x804, pages: 5, driver: DriverSpec()), locked: true)
    #expect(timeline.violations.isEmpty, "\(timeline.violations)")
    let src = Array(timeline.final.calls[0].src)
    #expect(src == [0x10, 0, 0, 0, 0x20203], "0x808 migrates (V|M, never W); the locked folio only marks C")
    #expect(timeline.final.processes[0].pte(at: address(1)) == .devicePrivate(DevicePrivateEntry(pfn: 0x805, write: true)))
    #expect(timeline.final.frame(0x804)?.lockedBy == .otherThread)
  }

  @Test("Starting at a tail page: folio_get_nontail_page fails, src = COMPOUND, and the next slots are skipped")
  func tailPage() {
    let timeline = run(.migrateDeviceRange(startPfn: 0x805, pages: 4, driver: DriverSpec()), locked: false)
    #expect(timeline.violations.isEmpty, "\(timeline.violations)")
    // 0x805's folio has 4 pages, so slots 1…3 (0x806, 0x807 and the single page 0x808) are never looked at.
    #expect(Array(timeline.final.calls[0].src) == [0x10, 0, 0, 0])
    #expect(timeline.final.processes[0].pte(at: address(4)) == .devicePrivate(DevicePrivateEntry(pfn: 0x808, write: true)))
  }

  @Test("An unlocked large folio is evicted whole into a system folio of its own order")
  func unlockedLargeFolio() throws {
    let timeline = run(.migrateDeviceRange(startPfn: 0x804, pages: 4, driver: DriverSpec()), locked: false)
    #expect(timeline.violations.isEmpty, "\(timeline.violations)")
    #expect(timeline.steps.contains { $0.function == "dmirror_device_evict_chunk" && $0.label == "alloc" })
    #expect(!timeline.steps.contains { $0.function == "dmirror_devmem_fault_alloc_and_copy" })
    let dst = try #require(MigratePFN.page(timeline.final.calls[0].dst[0]))
    #expect(timeline.final.calls[0].dst[0] & MigratePFN.compound != 0)
    #expect(Array(timeline.final.calls[0].dst[1...]) == [0, 0, 0])
    #expect(timeline.final.frame(dst)?.order == 2)
    for k in 0..<4 {
      #expect(timeline.final.processes[0].pte(at: address(k)) == .present(PresentBits(pfn: dst + UInt64(k), write: true)))
    }
  }

  @Test("migrate_device_pfns overwrites the caller's next pfns with 0")
  func pfnsOverwritten() {
    let timeline = run(.migrateDevicePfns(pfns: [0x804, 0x808, 0x805], driver: DriverSpec()), locked: true)
    #expect(timeline.violations.isEmpty, "\(timeline.violations)")
    #expect(Array(timeline.final.calls[0].src) == [0x10, 0, 0])
    #expect(timeline.final.processes[0].pte(at: address(4)) == .devicePrivate(DevicePrivateEntry(pfn: 0x808, write: true)))
  }
}

@Suite("What a large folio's skipped slots held")
struct DeviceRangeSkipTests {
  let suite = DeviceRangeLockTests()

  @Test("A range that starts on a tail page skips a page past the folio: the step names it")
  func rangeFromATailPage() throws {
    let timeline = suite.run(.migrateDeviceRange(startPfn: 0x805, pages: 4, driver: DriverSpec()), locked: false)
    #expect(timeline.violations.isEmpty, "\(timeline.violations)")
    #expect(Array(timeline.final.calls[0].src) == [0x10, 0, 0, 0])
    let tail = try #require(timeline.steps.first { $0.label == "get" })
    #expect(tail.text.hasSuffix("the next 3 slots are zeroed and skipped. That includes 0x808, which is not part of "
      + "this folio: never looked at, never evicted."))
  }

  @Test("Under v6.8, which has no migrate_device_pfns, the start says how its pfns are shown")
  func v68StartSaysPfnsCameLater() throws {
    let scenario = Scenario(
      name: "pfns", title: "pfns", memory: specMemory, folios: [FolioSpec(pfn: 0x808)],
      processes: [ProcessSpec(name: "A", vmas: [VMASpec(start: vmaStart, pages: 8, mappings: [
        MappingSpec(page: 0, entry: .devicePrivate, pfn: 0x808, write: true)])])],
      calls: [.migrateDevicePfns(pfns: [0x808], driver: DriverSpec())])
    let old = Simulation.run(scenario, kernel: .v6_8)
    #expect(old.steps.first?.text.contains("Note: migrate_device_pfns came with v6.15") == true)
    #expect(Simulation.run(scenario, kernel: .v7_0).steps.first?.text.contains("Note:") == false)
  }

  @Test("migrate_device_pfns with a large head skips the caller's next pfn; the done line counts pages through entries")
  func pfnsAfterALargeHead() throws {
    let timeline = suite.run(.migrateDevicePfns(pfns: [0x804, 0x808], driver: DriverSpec()), locked: false)
    #expect(timeline.violations.isEmpty, "\(timeline.violations)")
    let entry = try #require(timeline.steps.first { $0.function == "migrate_device_pfns" && $0.label == "entry" })
    #expect(entry.text.contains("migrate_device_pfns() over 2 pfns (0x804, 0x808)."))
    let locked = try #require(timeline.steps.first { $0.label == "locked" })
    #expect(locked.text.hasSuffix("src gets COMPOUND and the next slot is zeroed and skipped (the kernel would write "
      + "past the array). That includes 0x808, which is not part of this folio: never looked at, never evicted."))
    #expect(timeline.steps.last?.text.hasPrefix("Done. call 1 (migrate_device_pfns): 4 pages migrated through 2 entries") == true)
  }
}

@Suite("migrate_device_coherent_folio allocates and copies itself (spec §5.9)")
struct CoherentFolioTests {
  @Test("The core allocates the system page, and copies only after migrate_device_pages kept MIGRATE",
        arguments: KernelVersion.allCases)
  func copyAfterPages(kernel: KernelVersion) throws {
    let scenario = try BuiltinScenarios.load("coherent-longterm-pin")
    let timeline = Simulation.run(scenario, kernel: kernel)
    #expect(timeline.violations.isEmpty, "\(timeline.violations)")
    #expect(!timeline.steps.contains { $0.function.hasPrefix("dmirror") }, "no driver takes part")
    let alloc = try #require(timeline.steps.first { $0.label == "alloc" && $0.function.hasPrefix("migrate_device_coherent") })
    let pages = try #require(timeline.steps.first { $0.function == "migrate_device_pages" })
    let copy = try #require(timeline.steps.first { $0.label == "copy" })
    #expect(alloc.index < pages.index && pages.index < copy.index)
    let new = try #require(alloc.pfn)
    #expect(timeline.state(at: pages.index).frame(new)?.content == 0, "nothing copied before pages")
    #expect(timeline.state(at: copy.index).frame(new)?.content == timeline.state(at: 0).frame(0xc00)?.content)
  }
}
