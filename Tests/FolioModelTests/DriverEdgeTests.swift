import FolioModel
import FolioScenario
import Testing

/// Driver inputs at the edge of memory and of the arrays, which crashed the run (found by
/// fuzzing): a device range that cuts a large folio, and an explicit large destination that
/// runs past the end of memory.
@Suite("The driver at the edges of memory and of the arrays")
struct DriverEdgeTests {
  static let memory = PhysicalMemory(system: PfnRange(start: 0x100, count: 16),
                                     devices: [DeviceSpec(name: "C", type: .devicePrivate, range: PfnRange(start: 0x800, count: 4))])

  @Test("A one-slot device range over a two-page folio falls back to one small page, within the array")
  func aRangeThatCutsALargeFolio() throws {
    let scenario = Scenario(name: "cut", title: "cut", memory: Self.memory, folios: [FolioSpec(pfn: 0x802, order: 1, extraRefs: 1)],
                            calls: [.migrateDeviceRange(startPfn: 0x802, pages: 1, driver: DriverSpec(failCompoundAlloc: true))])
    let timeline = Simulation.run(scenario, kernel: .v7_0)
    #expect(timeline.violations.isEmpty, "\(timeline.violations)")
    let call = try #require(timeline.final.calls.first)
    #expect(call.dst.count == 1 && call.dst[0] == 0x4001)
    #expect(timeline.steps.contains { $0.text.contains("1 small page from 0x100 fills dst[0…0]") })
  }

  @Test("Evicting to device memory (allocate_from) says dmirror's own eviction allocates system pages only")
  func anEvictionToDeviceMemorySaysItIsNotDmirrors() throws {
    let memory = PhysicalMemory(system: PfnRange(start: 0x100, count: 16),
                                devices: [DeviceSpec(name: "C", type: .devicePrivate, range: PfnRange(start: 0x800, count: 4)),
                                          DeviceSpec(name: "D", type: .devicePrivate, range: PfnRange(start: 0x900, count: 4))])
    func entry(_ driver: DriverSpec) throws -> Step {
      let scenario = Scenario(name: "to-dev", title: "to-dev", memory: memory, folios: [FolioSpec(pfn: 0x800, extraRefs: 1)],
                              calls: [.migrateDeviceRange(startPfn: 0x800, pages: 1, driver: driver)])
      let timeline = Simulation.run(scenario, kernel: .v7_0)
      #expect(timeline.violations.isEmpty, "\(timeline.violations)")
      return try #require(timeline.steps.first { $0.phase == .driver && $0.label == "entry" })
    }
    #expect(try entry(DriverSpec(allocateFrom: "D")).text.contains("allocates a destination in D (dmirror's own "
      + "dmirror_device_evict_chunk() allocates system pages only; this scenario's driver allocates from D instead, "
      + "with allocate_from), locks it"))
    #expect(try !entry(DriverSpec()).text.contains("dmirror's own"))
  }

  @Test("An explicit order-2 destination that runs past the end of RAM is refused, not allocated")
  func aLargeDestinationPastTheEndOfMemory() throws {
    let scenario = Scenario(name: "past", title: "past", memory: Self.memory, folios: [FolioSpec(pfn: 0x800, order: 2, extraRefs: 1)],
                            calls: [.migrateDeviceRange(startPfn: 0x800, pages: 4, driver: DriverSpec(dst: [0: 0x10e]))])
    let timeline = Simulation.run(scenario, kernel: .v7_0)
    #expect(timeline.violations.isEmpty, "\(timeline.violations)")
    #expect(timeline.final.calls[0].dst.allSatisfy { $0 == 0 })
    #expect(timeline.final.frame(0x10e)?.free == true)
  }

  @Test("Eviction of a large folio with no free block says dmirror's unchecked folio_alloc would oops; a forced failure does not")
  func anEvictionWithNoLargeBlockSaysTheKernelWouldOops() throws {
    // 0x800 (order 2) and 2 pages of RAM: no order-2 block is free.
    let small = PhysicalMemory(system: PfnRange(start: 0x100, count: 2), devices: Self.memory.devices)
    let scenario = Scenario(name: "nomem", title: "nomem", memory: small, folios: [FolioSpec(pfn: 0x800, order: 2, extraRefs: 1)],
                            calls: [.migrateDeviceRange(startPfn: 0x800, pages: 4, driver: DriverSpec())])
    let timeline = Simulation.run(scenario, kernel: .v7_0)
    #expect(timeline.violations.isEmpty, "\(timeline.violations)")
    let failure = try #require(timeline.steps.first { $0.label == "alloc_fail" })
    #expect(failure.text.contains("dmirror does not check this folio_alloc(): the kernel would oops"), "\(failure.text)")
    #expect(timeline.final.calls[0].dst.allSatisfy { $0 == 0 })
    var forced = scenario
    forced.memory = Self.memory
    forced.calls = [.migrateDeviceRange(startPfn: 0x800, pages: 4, driver: DriverSpec(failAlloc: [0]))]
    let told = Simulation.run(forced, kernel: .v7_0).steps.first { $0.label == "alloc_fail" }?.text ?? ""
    #expect(!told.isEmpty && !told.contains("oops"), "\(told)")
  }

  @Test("A small destination the driver marks COMPOUND is rejected in migrate_vma_pages (v7.0); v6.8 has no such flag")
  func aMisMarkedCompoundDestinationIsRejected() throws {
    let scenario = specScenario(folios: [FolioSpec(pfn: 0x100)],
                                mappings: [MappingSpec(page: 0, entry: .present, pfn: 0x100, write: true)], pages: 1,
                                driver: DriverSpec(markCompound: [0]))
    let v7 = Simulation.run(scenario, kernel: .v7_0)
    #expect(v7.violations.isEmpty, "\(v7.violations)")
    #expect(v7.final.calls[0].src == [0x4009] && v7.final.calls[0].dst == [0x20019])
    #expect(v7.steps.contains { $0.label == "compound_mismatch" && $0.failed })
    #expect(v7.final.processes[0].pte(at: vmaStart) == .present(PresentBits(pfn: 0x100, write: true)))
    #expect(v7.final.frame(0x800)?.free == true)
    let v68 = Simulation.run(scenario, kernel: .v6_8)
    #expect(v68.final.calls[0].src == [0x400b] && v68.final.calls[0].dst == [0x20009])
    // A hole's destination is never marked (its C would make migrate_vma_pages insert a PMD).
    let hole = Simulation.run(specScenario(folios: [], mappings: [], pages: 1, driver: DriverSpec(markCompound: [0])), kernel: .v7_0)
    #expect(hole.violations.isEmpty, "\(hole.violations)")
    #expect(hole.final.calls[0].dst == [0x20001])
    #expect(hole.final.processes[0].pte(at: vmaStart) == .devicePrivate(DevicePrivateEntry(pfn: 0x800, write: true)))
  }

  @Test("Small pages falling back from an explicit destination run out at the end of memory, not past it (fuzzing)")
  func aFallbackFromAnExplicitDestinationStopsAtTheEndOfMemory() throws {
    let scenario = Scenario(name: "edge", title: "edge", memory: Self.memory, folios: [FolioSpec(pfn: 0x800, order: 2, extraRefs: 1)],
                            calls: [.migrateDeviceRange(startPfn: 0x800, pages: 4,
                                                        driver: DriverSpec(failCompoundAlloc: true, dst: [0: 0x10e]))])
    let timeline = Simulation.run(scenario, kernel: .v7_0)
    #expect(timeline.violations.isEmpty, "\(timeline.violations)")
    #expect(timeline.final.calls[0].dst == [0x4381, 0x43c1, 0, 0])
    #expect(timeline.steps.contains { $0.text.contains("2 small pages from 0x10e fill dst[0…1]") })
  }

  @Test("A large destination is named by its own order (dmirror allocates the source's)")
  func aLargeDestinationsOrder() throws {
    let scenario = Scenario(name: "order", title: "order", memory: Self.memory, folios: [FolioSpec(pfn: 0x800, order: 2, extraRefs: 1)],
                            calls: [.migrateDeviceRange(startPfn: 0x800, pages: 4, driver: DriverSpec())])
    let timeline = Simulation.run(scenario, kernel: .v7_0)
    #expect(timeline.violations.isEmpty, "\(timeline.violations)")
    let alloc = try #require(timeline.steps.first { $0.label == "alloc" })
    #expect(alloc.text.contains("the driver allocates an order-2 folio at 0x100"), "\(alloc.text)")
  }
}
