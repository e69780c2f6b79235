/// Which migrate call of one run is which of another run of the same scenario (v6.8's and
/// v7.0's, say). The kernels may make the same calls in another order (a fault that sleeps
/// under one kernel runs its `migrate_to_ram` later), so calls are matched by what they are
/// (API, process, range, fault page or not) and, among alike ones, in the order made, rather
/// than by position. When one run makes more alike calls than the other, the last ones pair
/// up: the extra calls are the early attempts (a v6.8 fault whose migrate_to_ram moved nothing
/// and refaulted) and the last is the one that did the work.
public struct CallMatching: Sendable {
  /// The other run's call matched to each call of this one, by index; nil for a call only this
  /// run makes.
  public let newIndex: [Int?]
  /// The other run's calls that no call of this one matches.
  public let onlyNew: [Int]

  public init(_ old: [MigrateCall], _ new: [MigrateCall]) {
    let oldGroups = Dictionary(grouping: old.indices) { Self.identity(old[$0]) }
    let newGroups = Dictionary(grouping: new.indices) { Self.identity(new[$0]) }
    var newIndex = [Int?](repeating: nil, count: old.count)
    for (identity, olds) in oldGroups {
      let news = newGroups[identity] ?? []
      for (o, n) in zip(olds.reversed(), news.reversed()) { newIndex[o] = n }
    }
    self.newIndex = newIndex
    let matched = Set(newIndex.compactMap { $0 })
    onlyNew = new.indices.filter { !matched.contains($0) }
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
