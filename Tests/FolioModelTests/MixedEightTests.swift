import FolioModel
import FolioScenario
import Testing

/// Spec §8.1: one migrate_vma_setup(SELECT_SYSTEM) over eight slots that cover the main outcomes.
func mixedEight() -> Scenario {
  specScenario(
    folios: [
      FolioSpec(pfn: 0x100), FolioSpec(pfn: 0x103, pins: 1), FolioSpec(pfn: 0x104, extraRefs: 1),
      FolioSpec(pfn: 0x105, lockedByOther: true), FolioSpec(pfn: 0x107), FolioSpec(pfn: 0x900),
    ],
    mappings: [
      MappingSpec(page: 0, entry: .present, pfn: 0x100, write: true, dirty: true, young: true),
      MappingSpec(page: 2, entry: .zero),
      MappingSpec(page: 3, entry: .present, pfn: 0x103, write: true),
      MappingSpec(page: 4, entry: .present, pfn: 0x104, write: true, dirty: true, young: true),
      MappingSpec(page: 5, entry: .present, pfn: 0x105),
      MappingSpec(page: 6, entry: .devicePrivate, pfn: 0x900, write: true),
      MappingSpec(page: 7, entry: .present, pfn: 0x107, write: true),
    ],
    driver: DriverSpec(decline: [7]))
}

@Suite("mixed-eight (spec §8.1)")
struct MixedEightTests {
  @Test("final arrays, cpages and PTEs", arguments: KernelVersion.allCases)
  func outcome(kernel: KernelVersion) throws {
    let timeline = Simulation.run(mixedEight(), kernel: kernel)
    #expect(timeline.violations.isEmpty, "\(timeline.violations)")
    let final = timeline.final
    #expect(final.calls[0].src == [0x400b, 0x2, 0x2, 0, 0, 0, 0, 0x41c9])
    #expect(final.calls[0].dst == [0x20009, 0x20041, 0x20081, 0, 0, 0, 0, 0])
    let a = final.processes[0]
    #expect(a.pte(at: address(0)) == .devicePrivate(DevicePrivateEntry(pfn: 0x800, write: true)))
    #expect(a.pte(at: address(1)) == .devicePrivate(DevicePrivateEntry(pfn: 0x801, write: true)))
    #expect(a.pte(at: address(2)) == .devicePrivate(DevicePrivateEntry(pfn: 0x802, write: true)))
    #expect(a.pte(at: address(3)) == .present(PresentBits(pfn: 0x103, write: true)))
    #expect(a.pte(at: address(4)) == .present(PresentBits(pfn: 0x104, write: true, dirty: true, young: true)))
    #expect(a.pte(at: address(5)) == .present(PresentBits(pfn: 0x105)))
    #expect(a.pte(at: address(6)) == .devicePrivate(DevicePrivateEntry(pfn: 0x900, write: true)))
    #expect(a.pte(at: address(7)) == .present(PresentBits(pfn: 0x107, write: true)))
    #expect(final.frame(0x104)?.refcount == 2)
    #expect(final.frame(0x104)?.lru == true)
    #expect(final.frame(0x104)?.anonExclusive == true)
    #expect(final.frame(0x103)?.refcount == 1 + 1024)
    #expect(final.frame(0x107)?.refcount == 1)
    #expect(final.frame(0x107)?.isLocked == false)
  }

  @Test("cpages: collect counts 5, unmap returns 4")
  func cpages() throws {
    let timeline = Simulation.run(mixedEight())
    let collectEnd = try #require(timeline.steps.first { $0.function == "migrate_vma_collect" && $0.label == "done" })
    #expect(timeline.state(at: collectEnd.index).calls[0].cpages == 5)
    let setupEnd = try #require(timeline.steps.first { $0.function == "migrate_vma_setup" && $0.label == "return" })
    #expect(timeline.state(at: setupEnd.index).calls[0].cpages == 4)
    #expect(timeline.state(at: setupEnd.index).calls[0].src == [0x400b, 0x2, 0x2, 0, 0, 0, 0, 0x41cb])
  }

  @Test("stepping back through every step restores every earlier state exactly")
  func reversible() {
    let timeline = Simulation.run(mixedEight())
    var machine = timeline.final
    for index in stride(from: timeline.count - 1, to: 0, by: -1) {
      timeline.move(&machine, from: index, to: index - 1)
      #expect(machine == timeline.state(at: index - 1))
    }
  }
}
