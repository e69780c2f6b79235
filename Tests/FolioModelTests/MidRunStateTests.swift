import FolioModel
import FolioScenario
import Testing

/// States in the middle of a run that the final state hides (the fault folio's lock in the
/// restore loop, the ZONE_DEVICE slack, a pinned PTE left in place), and the branches whose end
/// state two kernels or two paths share (each found missing by mutation testing).
@Suite("Mid-run states and version branches the end state hides")
struct MidRunStateTests {
  @Test("An empty range shorter than 2 MiB is not one compound hole")
  func unalignedCompoundHole() throws {
    let scenario = specScenario(folios: [], mappings: [], pages: 4, select: [.system, .compound])
    let timeline = Simulation.run(scenario, kernel: .v7_0)
    let setup = try #require(timeline.steps.first { $0.function == "migrate_vma_setup" && $0.label == "return" })
    #expect(Array(timeline.state(at: setup.index).calls[0].src) == [2, 2, 2, 2])
    #expect(timeline.final.processes[0].pmd(at: vmaStart) == .table)
  }

  @Test("v7.0: unmap's restore loop leaves the fault folio locked for do_swap_page")
  func faultFolioStaysLocked() throws {
    let scenario = Scenario(name: "t", title: "t", memory: specMemory, folios: [FolioSpec(pfn: 0x800, extraRefs: 2)],
      processes: [ProcessSpec(name: "A", vmas: [VMASpec(start: vmaStart, pages: 1, mappings: [
        MappingSpec(page: 0, entry: .devicePrivate, pfn: 0x800, write: true)])])],
      calls: [.cpuFault(process: "A", address: vmaStart, write: false, driver: DriverSpec())])
    let timeline = Simulation.run(scenario, kernel: .v7_0)
    let restore = try #require(timeline.steps.first { $0.function == "migrate_device_unmap" && $0.label == "restore" })
    #expect(timeline.state(at: restore.index).frame(0x800)?.lockedBy == .faultHandler)
  }

  @Test("The ZONE_DEVICE term lets a coherent page with one outside reference through unmap")
  func coherentSlack() throws {
    let timeline = Simulation.run(CoherentFolioEdgeTests.scenario(folios: [FolioSpec(pfn: 0xc00, extraRefs: 2)],
                                                                  mapped: [0xc00]), kernel: .v7_0)
    let unmap = try #require(timeline.steps.first { $0.function == "migrate_device_unmap" && $0.label == "return" })
    #expect(timeline.state(at: unmap.index).calls[0].src[0] & MigratePFN.migrate != 0)
  }

  @Test("try_to_migrate stops at a pinned anon-exclusive PTE without replacing it")
  func pinnedStops() throws {
    let timeline = Simulation.run(CoherentFolioEdgeTests.scenario(folios: [FolioSpec(pfn: 0xc00, extraRefs: 1, pins: 1)],
                                                                  mapped: [0xc00]), kernel: .v7_0)
    let check = try #require(timeline.steps.first { $0.function == "migrate_device_unmap" && $0.label == "check" })
    guard case .present = timeline.state(at: check.index).processes[0].pte(at: vmaStart) else {
      Issue.record("\(String(describing: timeline.state(at: check.index).processes[0].pte(at: vmaStart)))"); return
    }
  }

  @Test("v6.8: unmap steps one slot past a large folio, not over the next pfn")
  func v68PfnsAfterALargeFolio() throws {
    let scenario = Scenario(name: "t", title: "t", memory: specMemory,
      folios: [FolioSpec(pfn: 0x800, order: 1), FolioSpec(pfn: 0x803)],
      processes: [ProcessSpec(name: "A", vmas: [VMASpec(start: vmaStart, pages: 4, mappings: [
        MappingSpec(page: 0, entry: .devicePrivate, pfn: 0x800, write: true),
        MappingSpec(page: 1, entry: .devicePrivate, pfn: 0x801, write: true),
        MappingSpec(page: 3, entry: .devicePrivate, pfn: 0x803, write: true)])])],
      calls: [.migrateDevicePfns(pfns: [0x800, 0x803], driver: DriverSpec())])
    #expect(ScenarioValidator.validate(scenario).filter(\.isError).isEmpty)
    let timeline = Simulation.run(scenario, kernel: .v6_8)
    #expect(timeline.violations.isEmpty, "\(timeline.violations)")
    guard case .present = timeline.final.processes[0].pte(at: address(3)) else { Issue.record("slot 1 not migrated"); return }
  }

  @Test("A compound hole whose first small insert loses the race ends src = 0, not COMPOUND")
  func compoundHoleRace() throws {
    let scenario = specScenario(folios: [], mappings: [], pages: 512, select: [.system, .compound],
                                driver: DriverSpec(failCompoundAlloc: true),
                                events: [EventSpec(at: .beforePages, action: .cpuAccess(process: "A", address: vmaStart, write: true))])
    let timeline = Simulation.run(scenario, kernel: .v7_0)
    #expect(timeline.steps.contains { $0.function == "migrate_vma_insert_page" && $0.label == "pte" })
    #expect(timeline.final.calls[0].src[0] == 0)
  }

  @Test("Only v6.8's finalize puts a migrated system source back on the LRU", arguments: KernelVersion.allCases)
  func v68Putback(kernel: KernelVersion) throws {
    let scenario = specScenario(folios: [FolioSpec(pfn: 0x100)],
                                mappings: [MappingSpec(page: 0, entry: .present, pfn: 0x100, write: true)], pages: 1)
    let timeline = Simulation.run(scenario, kernel: kernel)
    let step = try #require(timeline.steps.first { $0.phase == .finalize && $0.label == "migrated" })
    #expect(step.text.contains("putback_lru_page") == (kernel == .v6_8), "\(step.text)")
  }
}
