import TerminalCanvas

/// The top line: scenario title, kernel version, phase and kernel function on the left; play
/// state, speed and `step i / n` on the right, which stay visible however narrow the screen.
public struct HeaderPane: Widget {
  public var scene: Scene
  public var playing: Bool
  /// Steps per second, as shown.
  public var speed: String

  public init(scene: Scene, playing: Bool, speed: String) {
    self.scene = scene
    self.playing = playing
    self.speed = speed
  }

  public func render(in area: Rect, on buffer: inout Buffer) {
    guard !area.isEmpty else { return }
    let step = scene.step
    let right =
      "\(playing ? "playing" : "paused") \(speed)/s  step \(step.index) / \(scene.timeline.count - 1)"
    let left =
      "\(scene.timeline.scenario.title) · \(scene.timeline.kernel.rawValue) · \(step.phase.rawValue) · \(step.function)"
    let rightX = max(area.x, area.maxX - right.count)
    buffer.put(
      left, x: area.x, y: area.y, style: Style(.heading, bold: true),
      limit: max(0, rightX - area.x - 1))
    buffer.put(right, x: rightX, y: area.y, style: Style(.heading), limit: area.maxX - rightX)
  }
}
