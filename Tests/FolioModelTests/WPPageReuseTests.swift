import FolioModel
import FolioScenario
import Testing

/// `do_wp_page()` on a read-only anon page that is not PageAnonExclusive asks
/// `wp_can_reuse_anon_folio()` (hydra-linux-7.0.0 mm/memory.c @ 08b3714a): a small folio is
/// reused only with no reference but its mapping's (the swap cache's is dropped by
/// `folio_free_swap()`) and a successful `folio_trylock()`; from v6.15 a large folio only when
/// mapped more than once, by this process alone, with no other reference. A reused page
/// becomes PageAnonExclusive.
@Suite("A write fault reuses a non-exclusive anon folio only when wp_can_reuse_anon_folio allows")
struct WPPageReuseTests {
  /// `folio` (order `order`) mapped read-only at pages `0..<pages` by A and by B, shared after a
  /// fork (so no page is PageAnonExclusive); the calls are `writes` as (process, page).
  func shared(_ folio: FolioSpec, pages: Int = 1, writes: [(String, Int)]) -> Scenario {
    let mappings = (0..<pages).map { MappingSpec(page: $0, entry: .present, pfn: folio.pfn + UInt64($0)) }
    var scenario = specScenario(folios: [folio], mappings: mappings, pages: pages)
    scenario.processes.append(ProcessSpec(name: "B", vmas: [VMASpec(start: vmaStart, pages: pages, mappings: mappings)]))
    scenario.calls = writes.map { .cpuFault(process: $0.0, address: address($0.1), write: true, driver: DriverSpec()) }
    return scenario
  }

  @Test("B's copy leaves A the only mapping: A's write reuses the page and makes it PageAnonExclusive",
        arguments: [KernelVersion.v7_0, .v6_8])
  func soleMappingIsReused(kernel: KernelVersion) throws {
    let timeline = Simulation.run(shared(FolioSpec(pfn: 0x100), writes: [("B", 0), ("A", 0)]), kernel: kernel)
    #expect(timeline.violations.isEmpty, "\(timeline.violations)")
    #expect(timeline.state(at: 0).frame(0x100)?.anonExclusive == false)
    #expect(timeline.steps.filter { $0.function == "do_wp_page" }.map(\.label) == ["copy", "reuse"])
    #expect(timeline.final.processes[0].pte(at: vmaStart)
            == .present(PresentBits(pfn: 0x100, write: true, dirty: true, young: true, softDirty: true)))
    let page = try #require(timeline.final.frame(0x100))
    #expect(page.anonExclusive && page.refcount == 1 && page.mapcount == 1)
  }

  @Test("An extra reference (GUP) makes A's write copy the page instead")
  func extraReferenceCopies() throws {
    let timeline = Simulation.run(shared(FolioSpec(pfn: 0x100, extraRefs: 1), writes: [("B", 0), ("A", 0)]))
    #expect(timeline.violations.isEmpty, "\(timeline.violations)")
    #expect(timeline.steps.filter { $0.function == "do_wp_page" }.map(\.label) == ["copy", "copy"])
    let page = try #require(timeline.final.frame(0x100))
    #expect(page.mapcount == 0 && page.refcount == 1 && !page.anonExclusive)
  }

  @Test("A swap-cache folio someone holds locked: folio_trylock fails, so A's write copies it",
        arguments: [KernelVersion.v7_0, .v6_8])
  func lockedFolioCopies(kernel: KernelVersion) throws {
    let folio = FolioSpec(pfn: 0x100, swapcache: true, lockedByOther: true)
    let timeline = Simulation.run(shared(folio, writes: [("B", 0), ("A", 0)]), kernel: kernel)
    #expect(timeline.violations.isEmpty, "\(timeline.violations)")
    let copy = try #require(timeline.steps.last { $0.function == "do_wp_page" })
    #expect(copy.label == "copy" && copy.text.contains("folio_trylock() fails"))
    guard case .present(let bits) = timeline.final.processes[0].pte(at: vmaStart) else {
      Issue.record("A's PTE is \(timeline.final.processes[0].pte(at: vmaStart))")
      return
    }
    #expect(bits.pfn != 0x100 && bits.write)
    let page = try #require(timeline.final.frame(0x100))
    #expect(page.mapcount == 0 && page.refcount == 1 && page.swapcache && page.lockedBy == .otherThread)
  }

  @Test("A folio in the swap cache: folio_free_swap drops the cache and its reference, then the page is reused")
  func swapCacheIsFreedAndReused() throws {
    let timeline = Simulation.run(shared(FolioSpec(pfn: 0x100, swapcache: true), writes: [("B", 0), ("A", 0)]))
    #expect(timeline.violations.isEmpty, "\(timeline.violations)")
    #expect(timeline.steps.last { $0.function == "do_wp_page" }?.label == "reuse")
    let page = try #require(timeline.final.frame(0x100))
    #expect(!page.swapcache && page.dirty && page.refcount == 1 && page.mapcount == 1 && page.anonExclusive)
  }

  @Test("v7.0 reuses a large folio all of whose references are A's mappings; v6.8 copies (refcount 2)")
  func largeFolioMappedTwiceByOneProcess() throws {
    let scenario = shared(FolioSpec(pfn: 0x104, order: 2), pages: 2, writes: [("B", 0), ("B", 1), ("A", 0)])
    let v70 = Simulation.run(scenario, kernel: .v7_0)
    #expect(v70.violations.isEmpty, "\(v70.violations)")
    #expect(v70.steps.last { $0.function == "do_wp_page" }?.label == "reuse")
    #expect(v70.final.processes[0].pte(at: vmaStart).pfn == 0x104)
    #expect(v70.final.frame(0x104)?.anonExclusive == true && v70.final.frame(0x105)?.anonExclusive == false)
    let v68 = Simulation.run(scenario, kernel: .v6_8)
    #expect(v68.violations.isEmpty, "\(v68.violations)")
    #expect(v68.steps.last { $0.function == "do_wp_page" }?.label == "copy")
    #expect(v68.final.processes[0].pte(at: vmaStart).pfn != 0x104)
  }

  @Test("v7.0 gives up a large folio mapped once rather than reuse it; v6.8 reuses it (refcount 1)")
  func largeFolioMappedOnce() throws {
    let scenario = shared(FolioSpec(pfn: 0x104, order: 2), writes: [("B", 0), ("A", 0)])
    let v70 = Simulation.run(scenario, kernel: .v7_0)
    #expect(v70.violations.isEmpty, "\(v70.violations)")
    #expect(v70.steps.last { $0.function == "do_wp_page" }?.label == "copy")
    #expect(v70.final.frame(0x104)?.free == true, "its last mapping and reference went with the copy")
    let v68 = Simulation.run(scenario, kernel: .v6_8)
    #expect(v68.violations.isEmpty, "\(v68.violations)")
    #expect(v68.steps.last { $0.function == "do_wp_page" }?.label == "reuse")
    #expect(v68.final.processes[0].pte(at: vmaStart).pfn == 0x104)
  }
}
