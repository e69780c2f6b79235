import FolioModel
import FolioScenario
import Testing

/// `try_to_migrate` meeting a device-exclusive entry during `migrate_device_unmap`, and the split
/// that precedes it in v7.0 (mutation M31).
@Suite("try_to_migrate and device-exclusive entries")
struct DeviceExclusiveUnmapTests {
  /// The step whose label is `label`, of phase `phase`.
  func step(_ timeline: Timeline, _ phase: Phase, _ label: String) throws -> Step {
    try #require(timeline.steps.first { $0.phase == phase && $0.label == label })
  }

  /// 0x103 mapped read-only by A and C (shared after a fork) and device-exclusive in B; A's page
  /// migrates. The kernel never builds this (make_device_exclusive writes through GUP first, so
  /// the page is B's alone), but it is the only way v6.8's try_to_migrate reaches such an entry.
  static let shared: Scenario = {
    var scenario = specScenario(folios: [FolioSpec(pfn: 0x103)],
                                mappings: [MappingSpec(page: 0, entry: .present, pfn: 0x103)], pages: 1)
    for (name, entry) in [("B", MappingEntryKind.deviceExclusive), ("C", .present)] {
      scenario.processes.append(ProcessSpec(name: name, vmas: [VMASpec(start: vmaStart, pages: 1, mappings: [
        MappingSpec(page: 0, entry: entry, pfn: 0x103),
      ])]))
    }
    return scenario
  }()

  @Test("v6.8: the entry is no mapping (mapcount 0): try_to_migrate converts C's PTE only, and the entry's reference fails the check")
  func v68LeavesTheEntry() throws {
    let timeline = Simulation.run(Self.shared, kernel: .v6_8)
    #expect(timeline.violations.isEmpty, "\(timeline.violations)")
    #expect(timeline.state(at: 0).frame(0x103)?.mapcount == 2, "A and C; B's entry is not counted")
    let check = try step(timeline, .unmap, "check")
    let unmapped = timeline.state(at: check.index)
    #expect(unmapped.processes[1].pte(at: vmaStart) == .deviceExclusive(pfn: 0x103))
    #expect(unmapped.processes[2].pte(at: vmaStart) == .migration(MigrationEntry(pfn: 0x103, kind: .read)))
    #expect(unmapped.frame(0x103)?.mapcount == 0)
    #expect(timeline.final.calls[0].src == [0])
    #expect(timeline.final.processes[0].pte(at: vmaStart) == .present(PresentBits(pfn: 0x103)))
    #expect(timeline.final.processes[1].pte(at: vmaStart) == .deviceExclusive(pfn: 0x103))
    #expect(timeline.final.processes[2].pte(at: vmaStart) == .present(PresentBits(pfn: 0x103)))
    #expect(timeline.final.frame(0x103)?.refcount == 3 && timeline.final.frame(0x103)?.mapcount == 2)
  }

  @Test("v7.0: the entry is a mapping: try_to_migrate converts it (read-only) like C's PTE, and all three follow the page")
  func newestConvertsTheEntry() throws {
    let timeline = Simulation.run(Self.shared, kernel: .v7_0)
    #expect(timeline.violations.isEmpty, "\(timeline.violations)")
    let unmapped = timeline.state(at: try step(timeline, .unmap, "unmapped").index)
    for process in [1, 2] {
      #expect(unmapped.processes[process].pte(at: vmaStart) == .migration(MigrationEntry(pfn: 0x103, kind: .read)))
    }
    #expect(timeline.final.calls[0].src == [0x103 << 6 | MigratePFN.valid | MigratePFN.migrate])
    for process in timeline.final.processes {
      #expect(process.pte(at: vmaStart) == .devicePrivate(DevicePrivateEntry(pfn: 0x800, write: false)))
    }
  }

  /// A's order-2 anon folio at 0x104, PTE-mapped writable and dirty, with its page 1 made
  /// device-exclusive by make_device_exclusive (v7.0 converts that one PTE and keeps the folio
  /// mapped there); all four pages migrate.
  static let mTHP = specScenario(
    folios: [FolioSpec(pfn: 0x104, order: 2)],
    mappings: (0..<4).map { page in
      page == 1 ? MappingSpec(page: 1, entry: .deviceExclusive, pfn: 0x105)
        : MappingSpec(page: page, entry: .present, pfn: 0x104 + UInt64(page), write: true, dirty: true, young: true)
    }, pages: 4)

  @Test("v7.0: splitting the folio turns its device-exclusive PTE back into a present read-only one, which then migrates")
  func splitEndsExclusiveAccess() throws {
    let timeline = Simulation.run(Self.mTHP, kernel: .v7_0)
    #expect(timeline.violations.isEmpty, "\(timeline.violations)")
    let split = try step(timeline, .collect, "split")
    // unmap_folio → try_to_migrate: a readable-exclusive migration entry, clean and old;
    // remap_page → remove_migration_ptes: a present read-only PTE, the page still exclusive.
    #expect(timeline.state(at: split.index).processes[0].pte(at: address(1)) == .present(PresentBits(pfn: 0x105)))
    #expect(split.text.contains("device-exclusive"), "\(split.text)")
    let src = timeline.final.calls[0].src
    #expect(src[1] == 0x105 << 6 | MigratePFN.valid | MigratePFN.migrate, "read-only: no W")
    #expect(src[0] == 0x104 << 6 | MigratePFN.valid | MigratePFN.migrate | MigratePFN.write)
    let collected = timeline.steps.first { $0.phase == .collect && $0.slot == 1 && $0.label != "split" }
    let afterCollect = try #require(collected.map { timeline.state(at: $0.index) })
    #expect(afterCollect.processes[0].pte(at: address(1)) == .migration(MigrationEntry(pfn: 0x105, kind: .readExclusive)))
    let page = try #require(MigratePFN.page(timeline.final.calls[0].dst[1]))
    #expect(timeline.final.processes[0].pte(at: address(1)) == .devicePrivate(DevicePrivateEntry(pfn: page, write: false)))
    #expect(timeline.final.frame(page)?.anonExclusive == true)
  }

  @Test("v6.8: make_device_exclusive left no present PTE of the folio, and collect skips a PTE-mapped large folio: src stays 0")
  func v68LargeFolioIsSkipped() {
    let timeline = Simulation.run(Self.mTHP, kernel: .v6_8)
    #expect(timeline.violations.isEmpty, "\(timeline.violations)")
    #expect(timeline.final.calls[0].src == [0, 0, 0, 0])
    #expect(timeline.final.processes[0].pte(at: address(1)) == .deviceExclusive(pfn: 0x105))
  }

  @Test("v7.0: a split that ends two device-exclusive entries says so of both, and both come back present read-only")
  func splitEndsTwoEntries() throws {
    var scenario = Self.mTHP
    scenario.processes[0].vmas[0].mappings[2] = MappingSpec(page: 2, entry: .deviceExclusive, pfn: 0x106)
    let timeline = Simulation.run(scenario, kernel: .v7_0)
    #expect(timeline.violations.isEmpty, "\(timeline.violations)")
    let split = try step(timeline, .collect, "split")
    for page in [1, 2] {
      #expect(timeline.state(at: split.index).processes[0].pte(at: address(page))
              == .present(PresentBits(pfn: 0x104 + PFN(page))))
    }
    #expect(split.text.contains(" Its 2 device-exclusive entries become present read-only PTEs: unmap_folio()'s "
      + "try_to_migrate() replaced each with a read-only migration entry (clean and old)"), "\(split.text)")
  }
}
