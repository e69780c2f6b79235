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

  /// The most table cells the alignment may use (two bytes each); larger runs are not aligned.
  static let maxCells = 20_000_000

  /// Aligns the two runs, or nil when they are too long to align (or longer than 65535 steps).
  init?(_ a: Timeline, _ b: Timeline) {
    let (n, m) = (a.count, b.count)
    guard n * m <= Self.maxCells, min(n, m) < Int(UInt16.max) else { return nil }
    // Each step's move as a small integer, so the table compares integers.
    var ids: [StepKey: Int] = [:]
    func keys(_ timeline: Timeline) -> [Int] {
      timeline.steps.indices.map { index in
        let step = timeline[index]
        let key = StepKey(phase: step.phase.rawValue, label: step.label, slot: step.slot, call: step.call)
        if let id = ids[key] { return id }
        ids[key] = ids.count
        return ids.count - 1
      }
    }
    let (x, y) = (keys(a), keys(b))
    // suffix[i * (m + 1) + j]: the longest common subsequence of x[i...] and y[j...].
    var suffix = [UInt16](repeating: 0, count: (n + 1) * (m + 1))
    for i in stride(from: n - 1, through: 0, by: -1) {
      for j in stride(from: m - 1, through: 0, by: -1) {
        suffix[i * (m + 1) + j] = x[i] == y[j] ? suffix[(i + 1) * (m + 1) + j + 1] + 1
          : max(suffix[(i + 1) * (m + 1) + j], suffix[i * (m + 1) + j + 1])
      }
    }
    var (i, j) = (0, 0)
    var pending: (old: Range<Int>, new: Range<Int>)?
    while i < n || j < m {
      if i < n, j < m, x[i] == y[j] {
        if let stretch = pending { unmatched.append(stretch) }
        pending = nil
        let (s, t) = (a[i], b[j])
        if Set(s.changes) != Set(t.changes) { differing.append((s, t)) }
        if s.function != t.function && !renamed.contains(where: { $0 == (s.function, t.function) }) {
          renamed.append((s.function, t.function))
        }
        (i, j) = (i + 1, j + 1)
        continue
      }
      var stretch = pending ?? (i..<i, j..<j)
      if j == m || (i < n && suffix[(i + 1) * (m + 1) + j] >= suffix[i * (m + 1) + j + 1]) {
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

  private struct StepKey: Hashable {
    var phase: String
    var label: String
    var slot: Int?
    var call: Int?
  }
}
