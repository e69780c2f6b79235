import FolioModel
import FolioScenario
import Testing

/// v7.0's `free_zone_device_folio` leaves a large device folio's order in place (only
/// `zone_device_page_init` rewrites it when the driver hands the pages out again), and
/// `migrate_device_range` reads that order even when `migrate_device_pfn_lock` took nothing.
@Suite("A freed large device folio keeps its order (v7.0)")
struct FreedDeviceFolioTests {
  /// DEV0's order-2 folio at 0x804 and the small device page 0x808, both mapped by process A,
  /// and the calls that follow.
  func run(_ calls: [CallSpec]) -> Timeline {
    let scenario = Scenario(
      name: "freed-large", title: "freed-large", memory: specMemory,
      folios: [FolioSpec(pfn: 0x804, order: 2), FolioSpec(pfn: 0x808)],
      processes: [ProcessSpec(name: "A", vmas: [VMASpec(start: vmaStart, pages: 8, mappings:
        (0..<4).map { MappingSpec(page: $0, entry: .devicePrivate, pfn: 0x804 + UInt64($0), write: true) }
        + [MappingSpec(page: 4, entry: .devicePrivate, pfn: 0x808, write: true)])])],
      calls: calls)
    return Simulation.run(scenario, kernel: .v7_0)
  }

  @Test("Evicting a freed large folio again: its first pfn gets COMPOUND alone and its other slots are skipped")
  func evictedTwice() throws {
    let timeline = run([
      .migrateDeviceRange(startPfn: 0x804, pages: 4, driver: DriverSpec()),
      .migrateDeviceRange(startPfn: 0x804, pages: 5, driver: DriverSpec()),
    ])
    #expect(timeline.violations.isEmpty, "\(timeline.violations)")
    let freed = try #require(timeline.final.frame(0x806))
    #expect(freed.free && freed.head == 0x804 && freed.order == 2)
    // folio_get_nontail_page fails on the free head (refcount 0), yet folio_nr_pages is 4.
    #expect(Array(timeline.final.calls[1].src) == [0x10, 0, 0, 0, 0x20203])
    let looked = timeline.steps.filter { $0.call == 1 && $0.function == "migrate_device_pfn_lock" }
    #expect(looked.map(\.pfn) == [0x804, 0x808], "one step for the freed folio, one for 0x808")
    #expect(looked.first?.text.contains("free (refcount 0; free_zone_device_folio() left its order in place)") == true)
  }

  @Test("A device THP evicted, migrated back and evicted again reuses the freed folio whole")
  func reusedWhole() throws {
    var scenario = thpScenario(select: [.system, .compound])
    scenario.calls += [
      .migrateDeviceRange(startPfn: 0x800, pages: 512, driver: DriverSpec()),
      scenario.calls[0],
      .migrateDeviceRange(startPfn: 0x800, pages: 512, driver: DriverSpec()),
    ]
    let timeline = Simulation.run(scenario, kernel: .v7_0)
    #expect(timeline.violations.isEmpty, "\(timeline.violations)")
    let calls = timeline.final.calls
    #expect(MigratePFN.page(calls[2].dst[0]) == 0x800 && calls[2].dst[0] & MigratePFN.compound != 0)
    #expect(calls[3].src[0] == (0x800 << 6 | MigratePFN.valid | MigratePFN.migrate | MigratePFN.compound))
    #expect(calls[3].src[1...].allSatisfy { $0 == 0 })
    let tail = try #require(timeline.final.frame(0x9ff))
    #expect(tail.free && tail.head == 0x800 && tail.order == 9)
  }

  @Test("A freed system THP goes back to the buddy allocator as free pages of their own: only device folios keep their order")
  func freedSystemTHPIsUndone() throws {
    let timeline = Simulation.run(thpScenario(select: [.system, .compound]), kernel: .v7_0)
    #expect(timeline.violations.isEmpty, "\(timeline.violations)")
    // The source THP 0x200 moved to the device THP 0x800 and was freed.
    #expect(timeline.final.frame(0x800)?.order == 9 && timeline.final.frame(0x800)?.free == false)
    for pfn in [PFN(0x200), 0x201, 0x3ff] {
      let page = try #require(timeline.final.frame(pfn))
      #expect(page.free && page.head == pfn && page.order == 0, "\(MigratePFN.hex(pfn))")
    }
  }

  @Test("Model choice: a small page carved out of a freed large folio leaves the rest free order-0 pages",
        arguments: [PFN(0x804), 0x805])
  func carvedOut(page: PFN) throws {
    let timeline = run([
      .migrateDeviceRange(startPfn: 0x804, pages: 4, driver: DriverSpec()),
      .migrateVMA(MigrateVMACall(process: "A", start: address(5), end: address(6), select: .system, owner: "DEV0",
                                 driver: DriverSpec(dst: [0: page]))),
      .migrateDeviceRange(startPfn: 0x804, pages: 4, driver: DriverSpec()),
    ])
    #expect(timeline.violations.isEmpty, "\(timeline.violations)")
    // The carved page is evicted alone; the rest of the old folio are free small pages (src 0).
    #expect(Array(timeline.final.calls[2].src) == (PFN(0x804)...0x807).map {
      $0 == page ? $0 << 6 | MigratePFN.valid | MigratePFN.migrate : 0
    })
    for pfn in (PFN(0x804)...0x807) where pfn != page {
      let rest = try #require(timeline.final.frame(pfn))
      #expect(rest.free && rest.head == pfn && rest.order == 0, "\(MigratePFN.hex(pfn))")
    }
  }

  @Test("A freed small device page is only free: the step speaks of no order left in place")
  func freedSmallPage() throws {
    let timeline = run([
      .migrateDeviceRange(startPfn: 0x808, pages: 1, driver: DriverSpec()),
      .migrateDeviceRange(startPfn: 0x808, pages: 1, driver: DriverSpec()),
    ])
    #expect(timeline.violations.isEmpty, "\(timeline.violations)")
    #expect(Array(timeline.final.calls[1].src) == [0])
    let get = try #require(timeline.steps.first { $0.call == 1 && $0.label == "get" })
    #expect(get.text == "Slot 0: 0x808 is free (refcount 0): folio_get_nontail_page() fails ⇒ src = 0.")
  }
}
