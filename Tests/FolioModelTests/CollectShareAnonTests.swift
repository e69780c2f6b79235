import FolioModel
import FolioScenario
import Testing

/// migrate_vma_collect_pmd's anon-exclusive step: with the folio locked and referenced
/// (folio_get), folio_try_share_anon_rmap_pte() clears PageAnonExclusive, or fails with -EBUSY
/// when folio_maybe_dma_pinned() sees a refcount of at least GUP_PIN_COUNTING_BIAS (1024).
@Suite("Collect shares an anon-exclusive page away")
struct CollectShareAnonTests {
  /// A's page 0 maps 0x100 read-only with `extraRefs` references on top of the mapping's.
  static func scenario(extraRefs: Int) -> Scenario {
    specScenario(folios: [FolioSpec(pfn: 0x100, extraRefs: extraRefs)],
                 mappings: [MappingSpec(page: 0, entry: .present, pfn: 0x100)], pages: 1)
  }

  @Test("The collected page loses PageAnonExclusive; its read-only PTE becomes a readable-exclusive migration entry",
        arguments: KernelVersion.allCases)
  func collectClearsAnonExclusive(kernel: KernelVersion) throws {
    let timeline = Simulation.run(Self.scenario(extraRefs: 0), kernel: kernel)
    #expect(timeline.violations.isEmpty, "\(timeline.violations)")
    #expect(timeline.state(at: 0).frame(0x100)?.anonExclusive == true)
    let collected = try #require(timeline.steps.first { $0.phase == .collect && $0.label == "migration_entry" })
    let state = timeline.state(at: collected.index)
    #expect(state.frame(0x100)?.anonExclusive == false, "folio_try_share_anon_rmap_pte() cleared it")
    #expect(state.processes[0].pte(at: vmaStart) == .migration(MigrationEntry(pfn: 0x100, kind: .readExclusive)))
    #expect(state.calls[0].src == [0x100 << 6 | MigratePFN.valid | MigratePFN.migrate])
  }

  @Test("A device-private page loses PageAnonExclusive at collect too (only the pin check is skipped for it)",
        arguments: KernelVersion.allCases)
  func devicePrivateCollectClearsAnonExclusive(kernel: KernelVersion) throws {
    let scenario = specScenario(folios: [FolioSpec(pfn: 0x800)],
                                mappings: [MappingSpec(page: 0, entry: .devicePrivate, pfn: 0x800)], pages: 1,
                                select: .devicePrivate)
    let timeline = Simulation.run(scenario, kernel: kernel)
    #expect(timeline.violations.isEmpty, "\(timeline.violations)")
    let collected = try #require(timeline.steps.first { $0.phase == .collect && $0.label == "migration_entry" })
    #expect(timeline.state(at: collected.index - 1).frame(0x800)?.anonExclusive == true)
    #expect(timeline.state(at: collected.index).frame(0x800)?.anonExclusive == false)
  }

  /// Collect's own folio_get() counts: 1023 references before it read as 1024, a possible pin.
  @Test("A small page with 1023 references looks pinned once folio_get() makes it 1024: src = 0, the PTE put back",
        arguments: KernelVersion.allCases, [1021, 1022])
  func refcountBoundaryOfThePinCheck(kernel: KernelVersion, extraRefs: Int) throws {
    let timeline = Simulation.run(Self.scenario(extraRefs: extraRefs), kernel: kernel)
    #expect(timeline.violations.isEmpty, "\(timeline.violations)")
    let pinned = extraRefs + 1 + 1 >= 1024
    let step = try #require(timeline.steps.first { $0.phase == .collect && $0.slot == 0 })
    #expect(step.label == (pinned ? "share" : "migration_entry"))
    let state = timeline.state(at: step.index)
    let page = try #require(state.frame(0x100))
    if pinned {
      #expect(step.text.contains("(refcount 1024 with collect's own ≥ 1024, a FOLL_PIN)"), "\(step.text)")
      #expect(state.calls[0].src == [0])
      #expect(state.processes[0].pte(at: vmaStart) == .present(PresentBits(pfn: 0x100)))
      #expect((page.refcount, page.mapcount, page.anonExclusive, page.isLocked) == (1023, 1, true, false))
    } else {
      #expect(state.calls[0].src == [0x100 << 6 | MigratePFN.valid | MigratePFN.migrate])
      #expect((page.refcount, page.mapcount, page.anonExclusive, page.lockedBy) == (1022, 0, false, .migration))
    }
  }
}
