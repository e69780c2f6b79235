import FolioModel
import TerminalCanvas
import Testing

@testable import FolioViews

/// `g N Enter`: the step number as `--step` reads it, negative from the end, anything else refused.
@Suite struct JumpTests {
  static func viewer(presenting: Bool = false) -> Viewer {
    var viewer = ViewerTests.viewer(width: 80, height: 24)
    viewer.presenting = presenting
    viewer.show(step: 5)
    return viewer
  }

  static func type(_ text: String, into viewer: inout Viewer) {
    _ = viewer.handle(.key(.character("g")))
    for character in text { _ = viewer.handle(.key(.character(character))) }
    _ = viewer.handle(.key(.enter))
  }

  @Test(arguments: [("-1", 0), ("-2", 1), ("-0", nil), ("3", nil)])
  func negativeStepsCountFromTheEnd(text: String, fromEnd: Int?) {
    var viewer = Self.viewer()
    Self.type(text, into: &viewer)
    let expected = fromEnd.map { viewer.lastIndex - $0 } ?? Int(text) ?? -1
    #expect(viewer.index == expected)
    #expect(viewer.notice == nil)
  }

  @Test(arguments: ["-", "1-2", "abc", "1.5", "+-3"])
  func anythingNotANumberIsRefusedWithANotice(text: String) {
    var viewer = Self.viewer()
    Self.type(text, into: &viewer)
    #expect(viewer.index == 5, "the step stays")
    #expect(viewer.pendingJump == nil)
    let footer = viewer.render().textLines().last ?? ""
    #expect(footer.hasPrefix("\u{201C}\(text)\u{201D} is not a step"), "\(footer)")
  }

  @Test func aNegativeStepBeforeTheFirstSaysSo() {
    var viewer = Self.viewer()
    Self.type("-\(viewer.lastIndex + 2)", into: &viewer)
    #expect(viewer.index == 0)
    #expect(viewer.notice == "No step -\(viewer.lastIndex + 2): counting from the end, the first is -\(viewer.lastIndex + 1).")
  }

  @Test("The projector layout shows what is typed after g, and a refusal, in its header")
  func projectorShowsThePromptAndTheNotice() {
    var viewer = Self.viewer(presenting: true)
    _ = viewer.handle(.key(.character("g")))
    _ = viewer.handle(.key(.character("-")))
    #expect(viewer.render().textLines().first?.hasPrefix("go to step: -") == true)
    _ = viewer.handle(.key(.character("x")))
    _ = viewer.handle(.key(.enter))
    #expect(viewer.render().textLines().first?.hasPrefix("\u{201C}-x\u{201D} is not a step") == true)
  }
}
