import FolioModel
import FolioScenario
import TerminalCanvas
import Testing

@testable import FolioViews

@Suite("[ and ] follow what the cursor is on")
struct ViewerFollowTests {
  static let timeline = Simulation.run(try! BuiltinScenarios.load("mixed-eight"))

  static func viewer() -> Viewer {
    Viewer(timeline: timeline, size: Size(width: 120, height: 40), theme: .dark) { _ in nil }
  }

  /// The steps `]` (or `[`) visits until it stops moving.
  static func visits(_ viewer: inout Viewer, _ key: Character) -> [Int] {
    var found: [Int] = []
    while true {
      let before = viewer.index
      _ = viewer.handle(.key(.character(key)))
      guard viewer.index != before else { return found }
      found.append(viewer.index)
    }
  }

  @Test("A cursor the user moved stays on its page as the steps change, until Esc lets it follow the step")
  func heldCursor() {
    var viewer = Self.viewer()
    viewer.show(step: 5)
    _ = viewer.handle(.key(.tab))  // from the arrays to the page tables
    _ = viewer.handle(.key(.tab))  // and on to the memory grid
    #expect(viewer.focus == .memory)
    _ = viewer.handle(.key(.down))
    let held = viewer.currentPfn
    #expect(viewer.cursorHeld)
    #expect(viewer.notice == "The cursor stays here as you step; Esc lets it follow the step again.")
    for key in [Key.right, .right, .left, .character("n")] {
      _ = viewer.handle(.key(key))
      #expect(viewer.currentPfn == held, "after \(key) at step \(viewer.index)")
    }
    #expect(viewer.render().textLines().last?.hasPrefix("Esc follow step  ←→ step") == true, "the footer says how to let go")
    _ = viewer.handle(.key(.escape))
    #expect(!viewer.cursorHeld)
    #expect(viewer.render().textLines().last?.hasPrefix("←→ step") == true)
    #expect(viewer.currentPfn == viewer.step.pfn ?? viewer.currentPfn)
    #expect(viewer.pfnCursor == nil)
  }

  @Test("A slot: the cursor stays on it, and the end says so")
  func slot() {
    var viewer = Self.viewer()
    viewer.show(step: 4)  // slot 0's step: the cursor starts there
    _ = viewer.handle(.key(.down))
    #expect(Self.visits(&viewer, "]") == [5, 15, 23, 28, 35])
    #expect(viewer.currentSlot == 1)
    #expect(viewer.notice == "No later step concerns slot 1.")
    #expect(Self.visits(&viewer, "[") == [28, 23, 15, 5])
  }

  @Test("A page: steps that name it, change its frame, or are about a slot that names it")
  func page() {
    var viewer = Self.viewer()
    viewer.show(step: 27)
    viewer.focus = .memory
    #expect(viewer.currentPfn == 0x100)
    #expect(Self.visits(&viewer, "]") == [34])
    #expect(viewer.currentPfn == 0x100, "step 34 names 0x800; the cursor stays on 0x100")
    #expect(Self.visits(&viewer, "[") == [27, 22, 14, 4], "22: the driver copies from it")
    #expect(viewer.render().textLines().last?.hasPrefix("No earlier step concerns pfn 0x100.") == true)
  }

  @Test("A page-table entry: the migration entry at collect, the device-private entry at finalize")
  func entryCollectLooksAt() throws {
    // Slot 3's pinned page: collect clears the PTE and writes it back in one step (no net change).
    var viewer = Self.viewer()
    viewer.show(step: 4)
    viewer.focus = .pageTables
    viewer.pageTableScroll = PageTableScroll(process: 0, address: 0x7f00_0000_3000)
    let row = try #require(viewer.pageTableRows.firstIndex { $0.address == 0x7f00_0000_3000 })
    viewer.rowCursor = row
    #expect(Self.visits(&viewer, "]") == [7])
  }

  @Test("A page-table entry that changes: the migration entry at collect, the device-private entry at finalize")
  func entry() {
    var viewer = Self.viewer()
    viewer.show(step: 4)
    viewer.focus = .pageTables
    #expect(Self.visits(&viewer, "]") == [34])
    #expect(viewer.pageTableRows[viewer.currentRow].address == 0x7f00_0000_0000)
    #expect(viewer.notice == "No later step concerns A's entry for 0x7f0000000000.")
  }

  @Test("f and F go to the next and previous failed step, the bar's ✗ marks")
  func failures() {
    var viewer = Self.viewer()
    let failed = Self.timeline.steps.filter(\.failed).map(\.index)
    #expect(failed.count >= 2)
    #expect(Self.visits(&viewer, "f") == failed)
    #expect(viewer.notice == "No later step failed.")
    #expect(Self.visits(&viewer, "F") == Array(failed.dropLast().reversed()))
  }

  @Test("On a process heading there is nothing to follow, and the footer says what to select")
  func nothingSelected() throws {
    var viewer = Self.viewer()
    viewer.show(step: 4)
    viewer.focus = .pageTables
    let heading = try #require(viewer.pageTableRows.firstIndex { $0.address == nil })
    viewer.rowCursor = heading
    _ = viewer.handle(.key(.character("]")))
    #expect(viewer.index == 4)
    #expect(viewer.notice == "Move the cursor onto a page, a slot or a page-table entry first.")
  }
}
