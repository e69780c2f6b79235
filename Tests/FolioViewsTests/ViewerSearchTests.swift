import FolioModel
import FolioScenario
import TerminalCanvas
import Testing

@testable import FolioViews

@Suite("/ finds the next step that mentions a text")
struct ViewerSearchTests {
  static let timeline = Simulation.run(try! BuiltinScenarios.load("mixed-eight"))

  static func type(_ viewer: inout Viewer, _ text: String) {
    for character in text { _ = viewer.handle(.key(.character(character))) }
  }

  @Test("Typing shows a prompt; Enter jumps to the first later match, ignoring case; / Enter repeats")
  func findsAndRepeats() {
    var viewer = Viewer(timeline: Self.timeline, size: Size(width: 120, height: 40), theme: .dark) { _ in nil }
    Self.type(&viewer, "/Decline")
    #expect(viewer.pendingSearch == "Decline")
    #expect(viewer.render().textLines().last?.hasPrefix("find: Decline  Enter next step · ↑ previous") == true)
    _ = viewer.handle(.key(.enter))
    let matches = Self.timeline.steps.filter { $0.text.localizedCaseInsensitiveContains("decline") }.map(\.index)
    #expect(matches.count >= 2, "mixed-eight's driver declines slot 7, and later steps say so")
    #expect(viewer.index == matches[0] && viewer.pendingSearch == nil)
    _ = viewer.handle(.key(.character("/")))
    _ = viewer.handle(.key(.enter))
    #expect(viewer.index == matches[1])
  }

  /// Each row's reversed cells as text (the others as spaces between words), for the rows that have any.
  static func marked(_ buffer: Buffer) -> [String] {
    (0..<buffer.height).compactMap { y in
      let text = String((0..<buffer.width).map { x in buffer[x, y].style.reverse ? buffer[x, y].symbol : " " })
      let words = text.split(separator: " ").map(String.init)
      return words.isEmpty ? nil : words.joined(separator: " ")
    }
  }

  @Test("What / found is marked in the step's text, in the caption and in the full explanation; not on paper")
  func theFoundTextIsMarked() {
    for presenting in [false, true] {
      var viewer = Viewer(timeline: Self.timeline, size: Size(width: 120, height: 40), theme: .dark) { _ in nil }
      viewer.presenting = presenting
      Self.type(&viewer, "/declines")
      _ = viewer.handle(.key(.enter))
      #expect(Self.marked(viewer.render()).contains { $0.lowercased().contains("declines") }, "presenting: \(presenting)")
      viewer.printed = true
      #expect(!Self.marked(viewer.render()).contains { $0.lowercased().contains("declines") })
    }
    var viewer = Viewer(timeline: Self.timeline, size: Size(width: 120, height: 40), theme: .dark) { _ in nil }
    Self.type(&viewer, "/declines")
    _ = viewer.handle(.key(.enter))
    _ = viewer.handle(.key(.character("e")))
    #expect(Self.marked(viewer.render()).contains { $0.lowercased().contains("declines") })
  }

  @Test("↑ in the prompt finds the previous match, and wraps to the end before the first")
  func findsBackwards() throws {
    var viewer = Viewer(timeline: Self.timeline, size: Size(width: 120, height: 40), theme: .dark) { _ in nil }
    let matches = Self.timeline.steps.filter { $0.text.localizedCaseInsensitiveContains("decline") }.map(\.index)
    viewer.show(step: try #require(matches.last))
    Self.type(&viewer, "/decline")
    _ = viewer.handle(.key(.up))
    #expect(viewer.index == matches[matches.count - 2] && viewer.notice == nil)
    viewer.show(step: 0)
    _ = viewer.handle(.key(.character("/")))
    _ = viewer.handle(.key(.up))
    #expect(viewer.index == matches.last)
    #expect(viewer.notice == "Search wrapped to the end: step \(matches[matches.count - 1]) mentions \u{201C}decline\u{201D}.")
  }

  @Test("Past the last match the search starts again from the top and says so")
  func wrapsAround() throws {
    var viewer = Viewer(timeline: Self.timeline, size: Size(width: 120, height: 40), theme: .dark) { _ in nil }
    let first = try #require(Self.timeline.steps.first { $0.function == "migrate_vma_insert_page" })
    viewer.show(step: viewer.lastIndex)
    Self.type(&viewer, "/migrate_vma_insert_page")
    _ = viewer.handle(.key(.enter))
    #expect(viewer.index == first.index)
    #expect(viewer.notice == "Search wrapped to the start: step \(first.index) mentions \u{201C}migrate_vma_insert_page\u{201D}.")
  }

  @Test("A function name matches too; no match anywhere leaves the step and says so; Esc cancels typing")
  func functionNamesAndMisses() {
    var viewer = Viewer(timeline: Self.timeline, size: Size(width: 120, height: 40), theme: .dark) { _ in nil }
    Self.type(&viewer, "/migrate_vma_insert_page")
    _ = viewer.handle(.key(.enter))
    #expect(viewer.step.function == "migrate_vma_insert_page")
    let found = viewer.index
    Self.type(&viewer, "/no such words")
    _ = viewer.handle(.key(.enter))
    #expect(viewer.index == found)
    #expect(viewer.notice == "No step mentions \u{201C}no such words\u{201D}.")
    Self.type(&viewer, "/q")
    _ = viewer.handle(.key(.escape))
    #expect(viewer.pendingSearch == nil && viewer.index == found, "q is text while typing, and Esc cancels")
  }
}
