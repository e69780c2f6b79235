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

extension InvariantViolation {
  /// Two lists, each in step order, merged in step order; at one step `first`'s come first (the
  /// engine finds its violations while a step is built, the checker after it is recorded).
  static func merged(_ first: [InvariantViolation], _ second: [InvariantViolation]) -> [InvariantViolation] {
    var result: [InvariantViolation] = []
    result.reserveCapacity(first.count + second.count)
    var (i, j) = (0, 0)
    while i < first.count || j < second.count {
      if j == second.count || (i < first.count && first[i].step <= second[j].step) {
        result.append(first[i])
        i += 1
      } else {
        result.append(second[j])
        j += 1
      }
    }
    return result
  }
}
