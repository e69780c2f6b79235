import FolioModel
import TerminalCanvas

/// Everything the panes read about the moment being shown: the timeline, the step, the machine
/// after it, what the step changed and the theme. Panes read only the parts they draw.
public struct Scene: Sendable {
  public let timeline: Timeline
  public let index: Int
  public let machine: Machine
  public let diff: StepDiff
  public let theme: Theme

  /// `changesFrom`: mark what the steps from that one up to `index` changed, not only this
  /// step (a handout's frame at the end of a phase).
  public init(timeline: Timeline, index: Int, machine: Machine, theme: Theme, changesFrom: Int? = nil) {
    self.timeline = timeline
    self.index = index
    self.machine = machine
    self.theme = theme
    diff = changesFrom.map { from in StepDiff((min(from, index)...index).lazy.map { timeline[$0] }) }
      ?? StepDiff(timeline[index])
  }

  public var step: Step { timeline[index] }

  /// The call the step belongs to, or else the most recent call made (nil before any call).
  public var callIndex: Int? {
    if let call = step.call, call < machine.calls.count { return call }
    return machine.calls.isEmpty ? nil : machine.calls.count - 1
  }

  public var call: MigrateCall? { callIndex.map { machine.calls[$0] } }

  /// The style of `role` with the cursor's reverse video when `current`.
  func style(_ role: Role, current: Bool = false, changed: Bool = false) -> Style {
    Style(role, bold: changed, reverse: current, underline: changed)
  }
}
