import FolioModel
import FolioScenario
import Testing

/// Spec §8.1: one migrate_vma_setup(SELECT_SYSTEM) over eight slots that cover the main outcomes.
func mixedEight() throws -> Scenario { try BuiltinScenarios.load("mixed-eight") }

@Suite("mixed-eight (spec §8.1)")
struct MixedEightTests {
  @Test("the restored pages are back as they were: exclusive, on the LRU, unlocked")
  func restored() throws {
    let final = Simulation.run(try mixedEight()).final
    #expect(final.frame(0x104)?.refcount == 2)
    #expect(final.frame(0x104)?.lru == true)
    #expect(final.frame(0x104)?.anonExclusive == true)
    #expect(final.frame(0x103)?.refcount == 1 + 1024)
    #expect(final.frame(0x107)?.isLocked == false)
    // Rebuilt by v7.0's remove_migration_pte(): young and dirty from the entry, and soft-dirty
    // from the entry alone (cleared after pte_mkdirty() set it).
    #expect(final.processes[0].pte(at: address(4))
            == .present(PresentBits(pfn: 0x104, write: true, dirty: true, young: true)))
  }

  @Test("cpages: collect counts 5, unmap returns 4")
  func cpages() throws {
    let timeline = Simulation.run(try mixedEight())
    let collectEnd = try #require(timeline.steps.first { $0.function == "migrate_vma_collect" && $0.label == "done" })
    #expect(timeline.state(at: collectEnd.index).calls[0].cpages == 5)
    let setupEnd = try #require(timeline.steps.first { $0.function == "migrate_vma_setup" && $0.label == "return" })
    #expect(timeline.state(at: setupEnd.index).calls[0].cpages == 4)
    #expect(timeline.state(at: setupEnd.index).calls[0].src == [0x400b, 0x2, 0x2, 0, 0, 0, 0, 0x41cb])
  }

  @Test("stepping back through every step restores every earlier state exactly")
  func reversible() throws {
    let timeline = Simulation.run(try mixedEight())
    var machine = timeline.final
    for index in stride(from: timeline.count - 1, to: 0, by: -1) {
      timeline.move(&machine, from: index, to: index - 1)
      #expect(machine == timeline.state(at: index - 1))
    }
  }
}
