/// Which migrate call of one run is which of another run of the same scenario (v6.8's and
/// v7.0's, say). The kernels may make the same calls in another order (a fault that sleeps
/// under one kernel runs its `migrate_to_ram` later), so calls are matched by what they are
/// (API, process, range, fault page or not) and, among alike ones, in the order made, rather
/// than by position.
public struct CallMatching: Sendable {
  /// The other run's call matched to each call of this one, by index; nil for a call only this
  /// run makes.
  public let newIndex: [Int?]
  /// The other run's calls that no call of this one matches.
  public let onlyNew: [Int]

  public init(_ old: [MigrateCall], _ new: [MigrateCall]) {
    var unused = Array(new.indices)
    newIndex = old.map { call in
      guard let at = unused.firstIndex(where: { Self.identity(new[$0]) == Self.identity(call) }) else { return nil }
      return unused.remove(at: at)
    }
    onlyNew = unused
  }

  /// The other run's calls numbered as this run's: each by its match's index, unmatched ones
  /// after them.
  public func newIDs(count: Int) -> [Int] {
    var ids = Array(repeating: 0, count: count)
    for (old, new) in newIndex.enumerated() { if let new { ids[new] = old } }
    for (k, new) in onlyNew.enumerated() { ids[new] = newIndex.count + k }
    return ids
  }

  /// How a call is told apart from the others of its run.
  private static func identity(_ call: MigrateCall) -> String {
    "\(call.api.rawValue) \(call.process ?? "") \(call.start ?? 0) \(call.end ?? 0) \(call.faultPage != nil)"
  }
}
