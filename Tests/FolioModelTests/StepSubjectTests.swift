import FolioModel
import Testing

@Suite("Following a page, a slot or an entry through the timeline")
struct StepSubjectTests {
  /// Every step `step(from:forward:concerning:)` visits from one end of the run to the other.
  func visits(_ timeline: Timeline, _ subject: StepSubject, forward: Bool = true) -> [Int] {
    var found: [Int] = []
    var index = forward ? 0 : timeline.count
    while let next = timeline.step(from: index, forward: forward, concerning: subject) {
      found.append(next)
      index = next
    }
    return found
  }

  @Test("pfn 0x100 (slot 0): collect, unmap, the mapping move, and finalize freeing it in the dst's step")
  func page() throws {
    let timeline = Simulation.run(try mixedEight())
    #expect(visits(timeline, .pages([0x100])) == [4, 14, 27, 34])
    #expect(timeline[34].pfn == 0x800, "found by its change to 0x100's frame, not by the pfn it names")
    #expect(visits(timeline, .pages([0x100]), forward: false) == [34, 27, 14, 4])
  }

  @Test("A page's life also has the steps about a slot whose src or dst names it: the driver's copy from it")
  func pageLife() throws {
    let timeline = Simulation.run(try mixedEight())
    #expect(timeline.steps(aboutPages: [0x100]) == [4, 14, 22, 27, 34])
    #expect(timeline[22].pfn == 0x800, "the copy names the destination")
    #expect(timeline.steps(aboutPages: [0x801]) == [23, 28, 35], "a hole's destination: allocated, inserted, finalized")
  }

  @Test("slot 1 (a hole): collected, counted at unmap, given a destination, populated, finalized")
  func slot() throws {
    let timeline = Simulation.run(try mixedEight())
    #expect(visits(timeline, .slot(1, call: 0)) == [5, 15, 23, 28, 35])
    #expect(visits(timeline, .slot(1, call: nil)) == [5, 15, 23, 28, 35])
    #expect(visits(timeline, .slot(1, call: 1)).isEmpty, "mixed-eight has one call")
  }

  @Test("slot 0's PTE: a migration entry at collect, a device-private entry at finalize")
  func entry() throws {
    let timeline = Simulation.run(try mixedEight())
    #expect(visits(timeline, .entry(process: 0, address: address(0))) == [4, 34])
    #expect(visits(timeline, .entry(process: 0, address: address(0) + 0xfff)) == [4, 34], "any address in the page")
  }

  @Test("A THP's PMD is found by any address it maps")
  func pmd() {
    let timeline = Simulation.run(thpScenario(select: [.system, .compound]))
    let steps = visits(timeline, .entry(process: 0, address: address(300)))
    #expect(steps.count == 2)
    #expect(steps.allSatisfy { timeline[$0].changes.contains { if case .pmd = $0 { true } else { false } } })
  }

  @Test("Searching from either end, or past it, finds nothing beyond")
  func ends() throws {
    let timeline = Simulation.run(try mixedEight())
    #expect(timeline.step(from: timeline.count - 1, forward: true, concerning: .pages([0x100])) == nil)
    #expect(timeline.step(from: 0, forward: false, concerning: .pages([0x100])) == nil)
    #expect(timeline.step(from: timeline.count + 5, forward: false, concerning: .pages([0x100])) == 34)
  }
}
