import FolioModel
import FolioScenario
import TerminalCanvas
import Testing

@testable import FolioViews

/// How the grid marks a changed page and the cursor: in glyphs that plain text keeps, and never
/// one for the other.
@Suite struct GridMarkTests {
  static let timeline = EngineScreenTests.v7
  /// mixed-eight's collect locks slot 4's page 0x104, which sits beside 0x103 and 0x105.
  static let lockStep = timeline.steps.first { $0.pfn == 0x104 && $0.phase == .collect }?.index ?? 0

  static func grid(width: Int = 60, theme: Theme = .mono, cursor: PFN?, wide: Bool = false) -> Buffer {
    let scene = Scene(timeline: timeline, index: lockStep, machine: timeline.state(at: lockStep), theme: theme)
    var buffer = Buffer(size: Size(width: width, height: 12))
    MemoryGridPane(scene: scene, cursor: cursor, focused: true, legend: .drawn, wideCells: wide)
      .render(in: buffer.area, on: &buffer)
    return buffer
  }

  static func row(_ buffer: Buffer, _ label: String) -> (text: String, y: Int) {
    let lines = buffer.textLines()
    let y = lines.firstIndex { $0.dropFirst().hasPrefix(label) } ?? 0
    return (lines[y], y)
  }

  @Test func theStepsChangedPageIsMarkedInPlainText() throws {
    #expect(Self.timeline.steps[Self.lockStep].changes.contains { if case .frame(0x104, _, _) = $0 { true } else { false } })
    let buffer = Self.grid(cursor: nil)
    let (row, _) = Self.row(buffer, "0x100")
    #expect(row.hasPrefix("│0x100 As ·  ·  Ap As•Al ·  A "), "\(row)")
    #expect(row.filter { $0 == "•" }.count == 1, "only the changed page")
    #expect(buffer.textLines().contains { $0.contains("• changed") }, "the legend names the mark drawn")
    #expect(!buffer.textLines().joined().contains("underline"))
    let ascii = Self.grid(theme: Theme.mono.ascii(), cursor: nil)
    #expect(Self.row(ascii, "0x100").text.hasPrefix("|0x100 As .  .  Ap As*Al"))
  }

  @Test("The full legend says what is drawn: the mark, not bold+underline")
  func fullLegendNamesTheMark() {
    let lines = LegendLines(width: 200, marks: .unicode).lines.flatMap { $0.map(\.0) }
    #expect(lines.contains("• changed"))
    #expect(!lines.contains { $0.contains("underline") })
  }

  @Test("The cursor is reversed and unmarked, a changed page marked and not reversed")
  func cursorAndChangedPageDiffer() {
    let buffer = Self.grid(cursor: 0x100)
    let (row, y) = Self.row(buffer, "0x100")
    let cursorX = 7  // the box, "0x100 " and then 0x100's kind letter
    let changedX = cursorX + 3 * 4
    #expect(buffer[cursorX, y].style.reverse && !buffer[changedX, y].style.reverse)
    #expect(buffer[cursorX, y].style.underline == false && buffer[changedX, y].style.underline)
    let characters = Array(row)
    #expect(characters[cursorX + 2] == " " && characters[changedX + 2] == "•")
  }

  @Test("In wide cells, where every block is reversed, the cursor is a pointer and the change a mark")
  func wideCellsPointAndMark() {
    let buffer = Self.grid(width: 80, theme: .contrast, cursor: 0x104, wide: true)
    let (row, y) = Self.row(buffer, "0x100")
    #expect(row.hasPrefix("│0x100  A s   ·     ·     A p  ▶A s • A l "), "\(row)")
    let mark = (row.firstIndex(of: "•")).map { row.distance(from: row.startIndex, to: $0) } ?? 0
    #expect(buffer[mark, y].style.role == .changed && !buffer[mark, y].style.reverse)
    #expect(buffer.textLines().contains { $0.contains("• changed ▶ this step") })
  }
}
