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

  @Test("No driver takes part: the core's calls are made by migrate_device_coherent_folio itself, which copies after pages",
        arguments: KernelVersion.allCases)
  func theCallerIsTheCoreItself(kernel: KernelVersion) throws {
    let timeline = Simulation.run(Self.scenario(folios: [FolioSpec(pfn: 0xc00, extraRefs: 1)], mapped: [0xc00]), kernel: kernel)
    let name = kernel == .v6_8 ? "migrate_device_coherent_page" : "migrate_device_coherent_folio"
    let pages = try #require(timeline.steps.first { $0.function == "migrate_device_pages" && $0.label == "entry" })
    #expect(pages.text.hasPrefix("\(name)() calls migrate_device_pages() itself (no driver takes part): "))
    #expect(pages.text.contains("(the data is copied afterwards)"))
    let finalize = try #require(timeline.steps.first { $0.function == "migrate_device_finalize" && $0.label == "entry" })
    #expect(finalize.text.hasPrefix("\(name)() calls migrate_device_finalize() itself"))
  }
}

/// When unmap leaves nothing MIGRATE, the steps after it say there is nothing to do instead of
/// describing work on entries that do not exist.
@Suite("Steps after an unmap that kept nothing")
struct NothingMigratingTests {
  @Test func driverPagesAndFinalizeSayNothingIsLeft() throws {
    let timeline = Simulation.run(try BuiltinScenarios.load("pinned-at-collect"))
    let text = { (function: String, label: String) in timeline.steps.first { $0.function == function && $0.label == label }?.text }
    #expect(text("dmirror_migrate_alloc_and_copy", "entry")
              == "Back in the driver: no entry is still MIGRATE, so it has nothing to allocate or copy.")
    #expect(text("migrate_vma_pages", "entry")
              == "The driver calls migrate_vma_pages(): no entry is still MIGRATE, so there is nothing to move.")
    #expect(text("migrate_vma_finalize", "entry")?.contains("(here every source: no entry is still MIGRATE)") == true)
    let moving = Simulation.run(try BuiltinScenarios.load("anon-to-device"))
    #expect(moving.steps.first { $0.function == "migrate_vma_pages" && $0.label == "entry" }?.text
              .contains("for each entry still MIGRATE the core now moves") == true)
  }
}
