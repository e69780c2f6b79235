import FolioModel
import FolioScenario
import TerminalCanvas
import Testing

@testable import FolioViews

@Suite("The explanation takes the rows the page tables and inspector do not need")
struct ExplanationRoomTests {
  /// The step's own text as the explanation pane wraps it, and the pane's inside as drawn.
  static func shown(_ viewer: Viewer) -> (text: [String], pane: [String]) {
    let inner = viewer.layout.explanation.inset(by: 1)
    let text = WordWrap.lines(viewer.step.text, width: inner.width)
    let screen = viewer.render().textLines()
    let pane = screen[inner.y..<inner.maxY].map { line in
      String(Array(line).dropFirst(inner.x).prefix(inner.width)).trimmingTrailingSpaces
    }
    return (text, pane)
  }

  /// A built-in scenario at 120x40, at `step`.
  static func viewer(_ name: String, at step: Int) throws -> Viewer {
    var viewer = Viewer(timeline: Simulation.run(try BuiltinScenarios.load(name)), size: Size(width: 120, height: 40))
    viewer.show(step: step)
    return viewer
  }

  @Test("At 120x40 every per-slot step of mixed-eight and anon-to-device shows its whole text",
        arguments: ["mixed-eight", "anon-to-device"])
  func perSlotStepsFitWhole(name: String) throws {
    var viewer = try Self.viewer(name, at: 0)
    for step in viewer.timeline.steps where step.slot != nil {
      viewer.show(step: step.index)
      let (text, pane) = Self.shown(viewer)
      #expect(Array(pane.prefix(text.count)) == text, "step \(step.index) of \(name)")
    }
  }

  @Test("The page tables keep the step's entry and the inspector its first facts while the text grows")
  func othersKeepTheirFloors() throws {
    let viewer = try Self.viewer("mixed-eight", at: 4)
    let layout = viewer.layout
    #expect(layout.explanation.height > layout.inspector.height + layout.pageTables.height - 5)
    #expect(layout.pageTables.height >= 7 && layout.inspector.height >= 7)
    let screen = viewer.render().textLines().joined(separator: "\n")
    #expect(screen.contains("•0x7f0000000000 migration-w"))
    #expect(screen.contains("src 0x400b VMW_"))
  }

  @Test("A short step leaves the explanation its two fifths and the page tables no more rows than entries")
  func shortStepKeepsTheShare() throws {
    let viewer = try Self.viewer("anon-to-device", at: 1)
    let layout = viewer.layout
    #expect(layout.explanation.height == 28 * 2 / 5)
    let entries = PageTableRow.rows(scene: viewer.scene, slotCursor: 0, height: 40).count
    #expect(layout.pageTables.height == min(entries + 2, (28 - 11) / 2))
  }
}

extension String {
  fileprivate var trimmingTrailingSpaces: String {
    var text = self
    while text.last == " " { text.removeLast() }
    return text
  }
}
