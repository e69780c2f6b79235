/// A broken rule of spec §4.3 (I1–I7) or of the simulator's own bookkeeping, found after a step.
public struct InvariantViolation: Sendable, Hashable, CustomStringConvertible {
  /// The step after which the rule was broken.
  public var step: Int
  /// The rule's short name (`I7`, `no-data-lost`, `locks-released`, …).
  public var rule: String
  public var message: String
  public init(step: Int, rule: String, message: String) {
    self.step = step
    self.rule = rule
    self.message = message
  }
  public var description: String { "step \(step): \(rule): \(message)" }
}
