import FolioModel
import FolioScenario
import Testing

/// `migrate_device_coherent_folio` at its edges: a folio another thread holds locked, and one
/// that nothing maps.
@Suite("migrate_device_coherent_folio: a held lock, an unmapped folio")
struct CoherentFolioEdgeTests {
  /// System RAM 0x100…, coherent DEV2 0xc00…; A maps `mapped` folios' pages 0… in order.
  static func scenario(folios: [FolioSpec], mapped: [PFN]) -> Scenario {
    let memory = PhysicalMemory(system: PfnRange(start: 0x100, count: 16),
                                devices: [DeviceSpec(name: "DEV2", type: .deviceCoherent, range: PfnRange(start: 0xc00, count: 16))])
    let mappings = mapped.enumerated().map { MappingSpec(page: $0.offset, entry: .present, pfn: $0.element, write: true) }
    return Scenario(name: "test", title: "test", memory: memory, folios: folios,
                    processes: [ProcessSpec(name: "A", vmas: [VMASpec(start: vmaStart, pages: 8, mappings: mappings)])],
                    calls: [.migrateDeviceCoherentFolio(pfn: 0xc00)])
  }

  @Test("folio_lock is not a trylock: the caller sleeps on another thread's lock, and nothing moves",
        arguments: KernelVersion.allCases)
  func sleepsOnAHeldLock(kernel: KernelVersion) throws {
    let timeline = Simulation.run(Self.scenario(folios: [FolioSpec(pfn: 0xc00, extraRefs: 1, lockedByOther: true)],
                                                mapped: [0xc00]), kernel: kernel)
    #expect(timeline.violations.isEmpty, "\(timeline.violations)")
    let lock = try #require(timeline.steps.first { $0.label == "lock" })
    #expect(lock.failed)
    #expect(lock.text.contains(kernel == .v6_8 ? "lock_page()" : "folio_lock()"))
    #expect(lock.text.contains("another thread holds PG_locked"))
    #expect(!timeline.steps.contains { $0.function == "migrate_device_unmap" })
    let final = timeline.final
    #expect(Array(final.calls[0].src) == [0])
    #expect(final.frame(0xc00)?.lockedBy == .otherThread)
    #expect(final.processes[0].pte(at: vmaStart) == .present(PresentBits(pfn: 0xc00, write: true)))
  }

  @Test("An unmapped folio held only by the caller migrates, and both pages are freed without a broken rule",
        arguments: KernelVersion.allCases)
  func unmappedFolioFreesBoth(kernel: KernelVersion) throws {
    let timeline = Simulation.run(Self.scenario(folios: [FolioSpec(pfn: 0xc00, extraRefs: 1)], mapped: []), kernel: kernel)
    #expect(timeline.violations.isEmpty, "\(timeline.violations)")
    let final = timeline.final
    #expect(final.calls[0].src[0] & MigratePFN.migrate != 0)
    let dst = try #require(MigratePFN.page(final.calls[0].dst[0]))
    #expect(final.frame(0xc00)?.free == true)
    #expect(final.frame(dst)?.free == true)
  }
}
