import FolioModel

/// The v6.8 and v7.0 steps lined up the way `diff` lines up two files: steps that make the same
/// move in both (phase, listing label, slot and call) are matched, in order, as many as can be
/// (a longest common subsequence); the rest are the stretches only one kernel takes.
struct StepAlignment {
  /// A matched pair whose changes differ: the same step, doing something else.
  var differing: [(Step, Step)] = []
  /// Matched steps whose functions differ: renamed, or moved into a helper.
  var renamed: [(String, String)] = []
  /// Stretches only one kernel takes, each against the other kernel's stretch at that point
  /// (either may be empty).
  var unmatched: [(old: Range<Int>, new: Range<Int>)] = []
  /// How many steps of each run lie between their common start and end, when that is too long
  /// to align (and nothing else is set).
  var tooLong: (old: Int, new: Int)?

  /// The most table cells the alignment may use (two bytes each); larger runs are not aligned.
  static let maxCells = 20_000_000

  /// Aligns the two runs, unless the part between their common start and end is too long to
  /// align (or longer than 65535 steps): then only `tooLong` is set.
  init(_ a: Timeline, _ b: Timeline) {
    // Each step's move as a small integer, so the table compares integers; calls are named by
    // their match, since the two runs may make them in another order.
    let matching = CallMatching(a.final.calls, b.final.calls)
    let callIDs = (old: Array(a.final.calls.indices), new: matching.newIDs(count: b.final.calls.count))
    var ids: [StepKey: Int] = [:]
    func keys(_ timeline: Timeline, _ calls: [Int]) -> [Int] {
      timeline.steps.indices.map { index in
        let step = timeline[index]
        let key = StepKey(phase: step.phase.rawValue, label: step.label, slot: step.slot, call: step.call.map { calls[$0] })
        if let id = ids[key] { return id }
        ids[key] = ids.count
        return ids.count - 1
      }
    }
    let (x, y) = (keys(a, callIDs.old), keys(b, callIDs.new))
    // The runs mostly agree at both ends: only the middle needs the table.
    var start = 0
    while start < min(x.count, y.count) && x[start] == y[start] { start += 1 }
    var end = 0
    while end < min(x.count, y.count) - start && x[x.count - 1 - end] == y[y.count - 1 - end] { end += 1 }
    let (n, m) = (x.count - end, y.count - end)
    guard (n - start) * (m - start) <= Self.maxCells, min(n, m) - start < Int(UInt16.max) else {
      tooLong = (n - start, m - start)
      return
    }
    let width = m - start + 1
    // suffix[(i - start) * width + (j - start)]: the longest common subsequence of x[i..<n], y[j..<m].
    var suffix = [UInt16](repeating: 0, count: (n - start + 1) * width)
    func cell(_ i: Int, _ j: Int) -> Int { (i - start) * width + (j - start) }
    for i in stride(from: n - 1, through: start, by: -1) {
      for j in stride(from: m - 1, through: start, by: -1) {
        suffix[cell(i, j)] = x[i] == y[j] ? suffix[cell(i + 1, j + 1)] + 1 : max(suffix[cell(i + 1, j)], suffix[cell(i, j + 1)])
      }
    }
    var (i, j) = (0, 0)
    var pending: (old: Range<Int>, new: Range<Int>)?
    while i < x.count || j < y.count {
      // The common start and end match step for step; in the middle, equal moves match (which
      // a longest common subsequence always allows) and the table decides the rest.
      let bothBefore = i < start && j < start, bothAfter = i >= n && j >= m
      let inMiddle = i >= start && i < n && j >= start && j < m
      if i < x.count, j < y.count, x[i] == y[j], bothBefore || bothAfter || inMiddle {
        if let stretch = pending { unmatched.append(stretch) }
        pending = nil
        let (s, t) = (a[i], b[j])
        if Set(s.changes.map { Self.renumbered($0, callIDs.old) }) != Set(t.changes.map { Self.renumbered($0, callIDs.new) }) {
          differing.append((s, t))
        }
        if s.function != t.function && !renamed.contains(where: { $0 == (s.function, t.function) }) {
          renamed.append((s.function, t.function))
        }
        (i, j) = (i + 1, j + 1)
        continue
      }
      var stretch = pending ?? (i..<i, j..<j)
      if j == m || (i < n && suffix[cell(i + 1, j)] >= suffix[cell(i, j + 1)]) {
        stretch.old = stretch.old.lowerBound..<(i + 1)
        i += 1
      } else {
        stretch.new = stretch.new.lowerBound..<(j + 1)
        j += 1
      }
      pending = stretch
    }
    if let stretch = pending { unmatched.append(stretch) }
  }

  /// A change with its call named by its match, so the same change to the same call compares
  /// equal when the runs made the call at different positions.
  private static func renumbered(_ change: Change, _ calls: [Int]) -> Change {
    switch change {
    case .src(let slot, let call, let bits): .src(slot: slot, call: UInt32(calls[Int(call)]), bits: bits)
    case .dst(let slot, let call, let bits): .dst(slot: slot, call: UInt32(calls[Int(call)]), bits: bits)
    case .counters(let call, let before, let after): .counters(call: calls[call], before: before, after: after)
    default: change
    }
  }

  private struct StepKey: Hashable {
    var phase: String
    var label: String
    var slot: Int?
    var call: Int?
  }
}
