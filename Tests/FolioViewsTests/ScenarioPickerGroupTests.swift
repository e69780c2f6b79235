import FolioScenario
import TerminalCanvas
import Testing

@testable import FolioViews

@Suite("The scenario picker groups as folioscope list does, and filters by typed name")
struct ScenarioPickerGroupTests {
  static let entries: [ScenarioPicker.Entry] = [
    .init(name: "anon-to-device", summary: "one page", group: "happy-path"),
    .init(name: "driver-declines", summary: "declined", group: "refusals"),
    .init(name: "fault-to-ram", summary: "back", group: "device-to-system"),
    .init(name: "mixed-eight", summary: "eight", group: "happy-path"),
    .init(name: "./mine.yaml", summary: "", group: "files in this folder"),
  ]

  @Test("Groups come in the library's order, each behind a heading the selection skips")
  func grouped() {
    var picker = ScenarioPicker(entries: Self.entries, current: "mixed-eight")
    #expect(picker.rows == [
      .heading("happy-path"), .entry(0), .entry(1), .heading("refusals"), .entry(2),
      .heading("device-to-system"), .entry(3), .heading("files in this folder"), .entry(4),
    ])
    #expect(picker.entries.map(\.name) == ["anon-to-device", "mixed-eight", "driver-declines", "fault-to-ram", "./mine.yaml"])
    _ = picker.handle(.down)
    #expect(picker.entries[picker.selection].name == "driver-declines", "past the heading, onto the next entry")
    var buffer = Buffer(size: Size(width: 100, height: 30))
    picker.render(on: &buffer, theme: .mono)
    let lines = buffer.textLines()
    let heading = lines.firstIndex { $0.contains("│refusals ") } ?? -1
    #expect(heading >= 0 && lines[heading + 1].contains("   driver-declines  declined"))
  }

  @Test("Typed letters narrow by name, Backspace widens, Esc clears the filter and then cancels")
  func filter() {
    var picker = ScenarioPicker(entries: Self.entries, current: "anon-to-device")
    for letter in "dr" { #expect(picker.handle(.character(letter)) == .continue) }
    #expect(picker.shown.map { picker.entries[$0].name } == ["driver-declines"])
    #expect(picker.rows == [.heading("refusals"), .entry(2)])
    #expect(picker.entries[picker.selection].name == "driver-declines")
    _ = picker.handle(.character("x"))
    #expect(picker.shown.isEmpty && picker.handle(.enter) == .continue)
    _ = picker.handle(.backspace)
    _ = picker.handle(.backspace)
    #expect(picker.filter == "d" && picker.shown.count == 3)
    #expect(picker.handle(.escape) == .continue && picker.filter.isEmpty && picker.shown.count == 5)
    #expect(picker.handle(.escape) == .cancel)
  }

  @Test("folioscope list and the picker order groups alike")
  func libraryOrder() {
    #expect(Scenario.libraryOrder(["zzz", "thp", "", "happy-path", "thp"]) == ["happy-path", "thp", "", "zzz"])
  }
}
