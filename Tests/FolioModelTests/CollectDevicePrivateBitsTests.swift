import FolioModel
import FolioScenario
import Testing

/// migrate_vma_collect_pmd on a device-private PTE: the non-present entry's own soft-dirty and
/// uffd-wp bits (pte_swp_soft_dirty, pte_swp_uffd_wp) go into the migration entry it installs.
@Suite("Collect carries a device-private entry's swap bits")
struct CollectDevicePrivateBitsTests {
  /// Process A's one page is a read-only device-private entry for 0x800 with the given bits,
  /// migrated back to RAM by a migrate_vma call that selects DEV0's pages.
  func scenario(softDirty: Bool, uffdWp: Bool) -> Scenario {
    Scenario(
      name: "devpriv", title: "devpriv", memory: specMemory, folios: [FolioSpec(pfn: 0x800)],
      processes: [ProcessSpec(name: "A", vmas: [VMASpec(start: vmaStart, pages: 1, mappings: [
        MappingSpec(page: 0, entry: .devicePrivate, pfn: 0x800, softDirty: softDirty, uffdWp: uffdWp),
      ])])],
      calls: [.migrateVMA(MigrateVMACall(process: "A", start: vmaStart, end: address(1), select: .devicePrivate,
                                         owner: "DEV0"))])
  }

  @Test("The migration entry keeps soft-dirty and uffd-wp of the device-private entry",
        arguments: KernelVersion.allCases, [(false, true), (true, false), (true, true)])
  func migrationEntryKeepsSwapBits(kernel: KernelVersion, bits: (softDirty: Bool, uffdWp: Bool)) throws {
    let timeline = Simulation.run(scenario(softDirty: bits.softDirty, uffdWp: bits.uffdWp), kernel: kernel)
    #expect(timeline.violations.isEmpty, "\(timeline.violations)")
    let collected = try #require(timeline.steps.first { $0.phase == .collect && $0.label == "migration_entry" })
    let state = timeline.state(at: collected.index)
    // Read-only, and the device page is PageAnonExclusive: a readable-exclusive migration entry.
    #expect(timeline.state(at: 0).frame(0x800)?.anonExclusive == true)
    #expect(state.processes[0].pte(at: vmaStart) == .migration(MigrationEntry(
      pfn: 0x800, kind: .readExclusive, softDirty: bits.softDirty, uffdWp: bits.uffdWp)))
    #expect(state.calls[0].src == [0x800 << 6 | MigratePFN.migrate | MigratePFN.valid])
  }
}
