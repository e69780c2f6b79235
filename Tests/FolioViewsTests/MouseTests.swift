import FolioModel
import FolioScenario
import TerminalCanvas
import Testing

@testable import FolioViews

/// `--mouse`: a click focuses the pane under it and moves its cursor to what was clicked.
@Suite struct MouseTests {
  static func viewer() throws -> Viewer {
    var viewer = Viewer(
      timeline: Simulation.run(try BuiltinScenarios.load("mixed-eight")), size: Size(width: 120, height: 40))
    viewer.show(step: 20)
    return viewer
  }

  /// The screen position of the first row whose text starts with `prefix` inside `rect`.
  static func row(starting prefix: String, in rect: Rect, of frame: Buffer) -> Int? {
    (rect.y..<rect.maxY).first { y in
      String((rect.x..<rect.maxX).map { frame[$0, y].symbol }).trimmingLeadingMarks().hasPrefix(prefix)
    }
  }

  @Test func clickingAGridCellInspectsThatPfn() throws {
    var viewer = try Self.viewer()
    let grid = viewer.layout.grid.inset(by: 1)
    let y = try #require(Self.row(starting: "0x100", in: grid, of: viewer.render()))
    let geometry = GridGeometry(machine: viewer.machine, width: grid.width)
    _ = viewer.handle(.mouse(Point(x: grid.x + geometry.labelWidth + 4 * geometry.cellWidth, y: y)))
    #expect(viewer.focus == .memory)
    #expect(viewer.inspected == .pfn(0x104))
  }

  @Test func clickingAnArraysRowInspectsThatSlot() throws {
    var viewer = try Self.viewer()
    let arrays = viewer.layout.arrays.inset(by: 1)
    let y = try #require(Self.row(starting: "5 0x7f0000005000", in: arrays, of: viewer.render()))
    _ = viewer.handle(.mouse(Point(x: arrays.x + 10, y: y)))
    #expect(viewer.focus == .arrays)
    #expect(viewer.currentSlot == 5)
  }

  @Test func clickingOutsideAnyPaneChangesNothing() throws {
    var viewer = try Self.viewer()
    let before = viewer.render()
    _ = viewer.handle(.mouse(Point(x: 0, y: 0)))
    #expect(viewer.render() == before)
  }
}

extension String {
  /// Without the pointer mark and blanks a row may start with.
  fileprivate func trimmingLeadingMarks() -> String {
    String(drop { $0 == " " || $0 == "▶" || $0 == ">" })
  }
}
