import FolioModel
import FolioScenario
import Testing

/// The bits the end state's kind, pfn and write leave out: PG_dirty and the PTE's dirty bit
/// through try_to_migrate and folio_migrate_mapping, PageAnonExclusive through a restore, and
/// do_wp_page's reuse of an exclusive page (each found missing by mutation testing).
@Suite("Dirty and exclusive bits through a migration")
struct DirtyAndExclusiveBitsTests {
  @Test("A page mapped once starts PageAnonExclusive only if anon: file and shmem pages never carry the flag")
  func onlyAnonPagesStartExclusive() throws {
    let folios = [FolioSpec(pfn: 0x100), FolioSpec(pfn: 0x101, backing: .file), FolioSpec(pfn: 0x102, backing: .shmem)]
    let mappings = (0..<3).map { MappingSpec(page: $0, entry: .present, pfn: 0x100 + UInt64($0)) }
    let start = Simulation.run(specScenario(folios: folios, mappings: mappings, pages: 3)).state(at: 0)
    #expect([0x100, 0x101, 0x102].map { start.frame($0)?.anonExclusive } == [true, false, false])
  }

  @Test("A dirty PTE try_to_migrate converts dirties the folio and comes back dirty")
  func dirtyThroughTryToMigrate() throws {
    var scenario = specScenario(
      folios: [FolioSpec(pfn: 0x106)], mappings: [MappingSpec(page: 0, entry: .present, pfn: 0x106)], pages: 1,
      driver: DriverSpec(decline: [0]))
    scenario.processes.append(ProcessSpec(name: "B", vmas: [VMASpec(
      start: vmaStart, pages: 1, mappings: [MappingSpec(page: 0, entry: .present, pfn: 0x106, dirty: true, young: true)])]))
    let timeline = Simulation.run(scenario)
    #expect(timeline.violations.isEmpty, "\(timeline.violations)")
    let setup = try #require(timeline.steps.first { $0.function == "migrate_vma_setup" && $0.label == "return" })
    #expect(timeline.state(at: setup.index).frame(0x106)?.dirty == true)
    guard case .present(let bits) = timeline.final.processes[1].pte(at: vmaStart) else { Issue.record("not present"); return }
    #expect(bits.dirty)
  }

  @Test("The destination of a coherent page mapped dirty is PG_dirty and mapped dirty")
  func dirtyMovesToDestination() throws {
    let memory = PhysicalMemory(system: PfnRange(start: 0x100, count: 16),
                                devices: [DeviceSpec(name: "DEV2", type: .deviceCoherent, range: PfnRange(start: 0xc00, count: 16))])
    let scenario = Scenario(name: "t", title: "t", memory: memory, folios: [FolioSpec(pfn: 0xc00, extraRefs: 1)],
      processes: [ProcessSpec(name: "A", vmas: [VMASpec(start: vmaStart, pages: 1, mappings: [
        MappingSpec(page: 0, entry: .present, pfn: 0xc00, write: true, dirty: true, young: true)])])],
      calls: [.migrateDeviceCoherentFolio(pfn: 0xc00)])
    let timeline = Simulation.run(scenario)
    #expect(timeline.violations.isEmpty, "\(timeline.violations)")
    guard case .present(let bits) = timeline.final.processes[0].pte(at: vmaStart) else { Issue.record("not present"); return }
    #expect(bits.pfn != 0xc00)
    #expect(bits.dirty)
    #expect(timeline.final.frame(bits.pfn)?.dirty == true)
  }

  @Test("A read-only exclusive page the driver declines is exclusive again")
  func readOnlyExclusiveRestored() throws {
    let scenario = specScenario(folios: [FolioSpec(pfn: 0x100)],
                                mappings: [MappingSpec(page: 0, entry: .present, pfn: 0x100)], pages: 1,
                                driver: DriverSpec(decline: [0]))
    let timeline = Simulation.run(scenario)
    #expect(timeline.state(at: 0).frame(0x100)?.anonExclusive == true)
    #expect(timeline.final.frame(0x100)?.anonExclusive == true)
  }

  @Test("A write to a read-only exclusive page reuses it even with an extra reference")
  func wpReuse() throws {
    let scenario = Scenario(name: "t", title: "t", memory: specMemory, folios: [FolioSpec(pfn: 0x100, extraRefs: 1)],
      processes: [ProcessSpec(name: "A", vmas: [VMASpec(start: vmaStart, pages: 1, mappings: [
        MappingSpec(page: 0, entry: .present, pfn: 0x100)])])],
      calls: [.cpuFault(process: "A", address: vmaStart, write: true, driver: DriverSpec())])
    let timeline = Simulation.run(scenario)
    guard case .present(let bits) = timeline.final.processes[0].pte(at: vmaStart) else { Issue.record("not present"); return }
    #expect(bits.pfn == 0x100 && bits.write)
  }
}
