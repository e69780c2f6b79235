import FolioModel
import TerminalCanvas

/// The projector layout's caption: the step's own explanation (the fact), then the scenario's
/// narration of it (the teacher's comment) in the heading colour, as the working layout orders
/// them, word-wrapped (never cut mid-word) and scrolled by whole lines when
/// it does not fit. The title names the phase and kernel function for the back of the room.
public struct CaptionBar: Widget {
  public var scene: Scene
  /// Lines scrolled past; clamped so the last page stays full.
  public var scroll: Int
  /// On paper (a handout), where the full text follows the frame and no key does anything.
  public var printed: Bool

  public init(scene: Scene, scroll: Int, printed: Bool = false) {
    self.scene = scene
    self.scroll = scroll
    self.printed = printed
  }

  /// The caption's text as wrapped lines and their styles, for an inside `width` wide.
  public static func lines(of step: Step, in timeline: Timeline, width: Int) -> [(String, Style)] {
    var lines = WordWrap.lines(step.text, width: width).map { ($0, Style.plain) }
    if let narration = step.narration(in: timeline) {
      lines.append(("", .plain))
      lines += WordWrap.lines(narration, width: width).map { ($0, Style(.heading)) }
    }
    return lines
  }

  /// The height (borders included) that shows the whole caption at `width`.
  public static func height(of step: Step, in timeline: Timeline, width: Int) -> Int {
    lines(of: step, in: timeline, width: max(1, width - 2)).count + 2
  }

  /// Runs up to this many steps get a caption as tall as their tallest step's; longer ones the
  /// largest caption the layout allows (measuring every step would slow each frame).
  static let measuredSteps = 300

  /// The caption's height for the whole run, so the panes above it keep their place from step to
  /// step on a projector: the tallest step's, at most `cap`.
  static func steadyHeight(in timeline: Timeline, width: Int, cap: Int) -> Int {
    guard timeline.count <= measuredSteps else { return cap }
    var tallest = 0
    for index in timeline.steps.indices where tallest < cap {
      tallest = max(tallest, height(of: timeline[index], in: timeline, width: width))
    }
    return min(tallest, cap)
  }

  public func render(in area: Rect, on buffer: inout Buffer) {
    let step = scene.step
    let inner = buffer.drawPane(
      area, title: "\(step.phase.rawValue) · \(step.function)", theme: scene.theme, focused: true)
    guard !inner.isEmpty else { return }
    let lines = Self.lines(of: step, in: scene.timeline, width: inner.width)
    let first = min(max(0, scroll), max(0, lines.count - inner.height))
    for (row, (text, style)) in lines.dropFirst(first).prefix(inner.height).enumerated() {
      buffer.put(text, x: inner.x, y: inner.y + row, style: style, limit: inner.width)
    }
    var hints: [String] = []
    let cut = first + inner.height < lines.count
    if printed {
      guard cut else { return }
      hints.append("… the full text follows")
    } else {
      if first > 0 { hints.append("↑") }
      if cut { hints.append("↓ more") }
      hints.append("? keys")
    }
    let hint = " " + hints.joined(separator: " · ") + " "
    let x = max(area.x + 1, area.maxX - 1 - hint.count)
    buffer.put(hint, x: x, y: area.maxY - 1, style: Style(.muted), limit: area.maxX - 1 - x)
  }
}
