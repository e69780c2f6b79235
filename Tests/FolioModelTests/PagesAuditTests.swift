import FolioModel
import FolioScenario
import Testing

/// Branches of `__migrate_device_pages` found to differ from the kernel in the v7.0 audit of the
/// pages phase (DECISIONS.md, "The pages phase, audited against v7.0").
@Suite("__migrate_device_pages audit (v7.0)")
struct PagesAuditTests {
  @Test("With a mapping, folio_migrate_mapping moves PG_dirty: the old folio's is cleared, the new one's set",
        arguments: KernelVersion.allCases)
  func dirtyMovesWithTheMapping(kernel: KernelVersion) throws {
    let scenario = specScenario(
      folios: [FolioSpec(pfn: 0x103, swapcache: true, dirty: true)],
      mappings: [MappingSpec(page: 0, entry: .present, pfn: 0x103, write: true)], pages: 1,
      driver: DriverSpec(allocateFrom: "system"))
    let timeline = Simulation.run(scenario, kernel: kernel)
    #expect(timeline.violations.isEmpty, "\(timeline.violations)")
    let moved = try #require(timeline.steps.first { $0.label == "moved" })
    #expect(moved.function == (kernel == .v6_8 ? "migrate_folio" : "folio_migrate_mapping"))
    let state = timeline.state(at: moved.index)
    let old = try #require(state.frame(0x103))
    let new = try #require(state.frame(0x100))
    #expect(!old.dirty && old.refcount == 1 && !old.swapcache && old.lockedBy == .migration && old.mapcount == 0)
    #expect(new.dirty && new.refcount == 2 && new.swapcache && new.lockedBy == .driver && new.mapping == .anon)
    #expect(state.calls[0].src == [0x40cb] && state.calls[0].dst == [0x4009])
  }

  @Test("An anon folio without a mapping keeps PG_dirty: folio_migrate_flags only copies it")
  func anonDirtyIsCopied() throws {
    let scenario = specScenario(folios: [FolioSpec(pfn: 0x103, dirty: true)],
                                mappings: [MappingSpec(page: 0, entry: .present, pfn: 0x103, write: true)], pages: 1)
    let timeline = Simulation.run(scenario)
    let moved = try #require(timeline.steps.first { $0.label == "moved" })
    let state = timeline.state(at: moved.index)
    #expect(state.frame(0x103)?.dirty == true && state.frame(0x103)?.refcount == 1)
    let new = try #require(state.frame(0x800))
    #expect(new.dirty && new.mapping == .anon && new.refcount == 1 && new.lockedBy == .driver && !new.lru)
  }

  @Test("A compound hole whose small destinations run out: the empty slots stay 0 and one step says the kernel oopses")
  func compoundHoleFallbackRunsOut() throws {
    var scenario = thpScenario(select: [.system, .compound])
    scenario.folios = []
    scenario.processes[0].vmas[0].mappings = []
    scenario.memory.devices[0].range = PfnRange(start: 0x800, count: 8)
    let timeline = Simulation.run(scenario)
    #expect(timeline.violations.isEmpty, "\(timeline.violations)")
    let step = try #require(timeline.steps.first { $0.label == "hole_no_dst" })
    #expect(step.function == "__migrate_device_pages" && step.slot == 8 && step.failed)
    #expect(step.text.hasPrefix("Slots 8…511 (504 entries without a page): part of a compound hole"), "\(step.text)")
    #expect(timeline.steps.filter { $0.label == "hole_no_dst" }.count == 1)
    let call = timeline.state(at: step.index).calls[0]
    #expect(Array(call.src[0..<8]) == Array(repeating: 0x2, count: 8))
    #expect(call.src[8...].allSatisfy { $0 == 0 } && call.dst[8...].allSatisfy { $0 == 0 })
    #expect(Array(call.dst[0..<8]) == mpfns(from: 0x800, count: 8, flags: 0x1))
    let final = timeline.final
    #expect(final.processes[0].pte(at: address(7)) == .devicePrivate(DevicePrivateEntry(pfn: 0x807, write: true)))
    #expect(final.processes[0].pte(at: address(8)) == PTE.none)
    let page = try #require(final.frame(0x807))
    #expect(page.refcount == 1 && page.mapcount == 1 && page.lockedBy == nil && !page.lru && page.mapping == .anon)
  }
}
