import TerminalCanvas

/// The top line: scenario title, kernel version, phase and kernel function on the left; play
/// state, speed and `step i / n` on the right, which stay visible however narrow the screen.
public struct HeaderPane: Widget {
  public var scene: Scene
  public var playing: Bool
  /// Steps per second, as shown; nil on paper, where there is no playing.
  public var speed: String?
  /// Paused at a phase while pausing at phases: the clicker resumes it, which the line says.
  public var waitingForClick: Bool
  /// Whether the line names the step's phase and function; the projector layout leaves them
  /// to its caption's title, so the line, and the title's room in it, stay the same all run.
  public var namesStep: Bool

  public init(scene: Scene, playing: Bool, speed: String?, waitingForClick: Bool = false, namesStep: Bool = true) {
    self.scene = scene
    self.playing = playing
    self.speed = speed
    self.waitingForClick = waitingForClick
    self.namesStep = namesStep
  }

  public func render(in area: Rect, on buffer: inout Buffer) {
    guard !area.isEmpty else { return }
    let step = scene.step
    let state = { (speed: String) in
      playing ? "playing \(speed)/s  " : waitingForClick ? "PgDn resumes  " : "paused \(speed)/s  " }
    let right = (speed.map(state) ?? "")
      + "step \(step.index) / \(scene.timeline.count - 1)"
    let rightX = max(area.x, area.maxX - right.count)
    let room = max(0, rightX - area.x - 1)
    // Where the line is short, the title gives way first: kernel version, phase and function
    // are what a reader follows from step to step.
    let facts = scene.timeline.kernel.rawValue + (namesStep ? " · \(step.phase.rawValue) · \(step.function)" : "")
    let title = scene.timeline.scenario.title(under: scene.timeline.kernel)
    let titleRoom = room - facts.count - 3
    let left = title.count <= titleRoom ? "\(title) · \(facts)"
      : titleRoom >= 8 ? "\(Self.shortened(title, to: titleRoom - 1))… · \(facts)" : facts
    buffer.put(left, x: area.x, y: area.y, style: Style(.heading, bold: true), limit: room)
    buffer.put(right, x: rightX, y: area.y, style: Style(.heading), limit: area.maxX - rightX)
  }

  /// The title's first whole words within `width` characters ("A huge page is split into 512
  /// pages and", not "… and migra"), without a trailing comma or dash before the ellipsis; a
  /// first word longer than that is cut.
  static func shortened(_ title: String, to width: Int) -> String {
    let head = title.prefix(width)
    let wholeWords = title.dropFirst(width).first == " " ? head : head.lastIndex(of: " ").map { head[..<$0] } ?? head
    var shown = String(wholeWords)
    while let last = shown.last, " ,;:·—–-".contains(last) { shown.removeLast() }
    return shown
  }
}
