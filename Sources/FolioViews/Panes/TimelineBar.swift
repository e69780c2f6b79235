import FolioModel
import TerminalCanvas

/// The whole timeline in one row: phases as labelled segments, a failure mark where a slot
/// failed, and the current position. Every phase run gets room for its label first and the rest
/// of the row is shared by step count, so a 2000-step THP run still shows its short phases.
/// Each column looks only at the steps it stands for.
public struct TimelineBar: Widget {
  public var summary: TimelineSummary
  public var index: Int
  public var theme: Theme

  public init(summary: TimelineSummary, index: Int, theme: Theme) {
    self.summary = summary
    self.index = index
    self.theme = theme
  }

  public func render(in area: Rect, on buffer: inout Buffer) {
    guard !area.isEmpty, summary.count > 0 else { return }
    let scale = BarScale(summary: summary, width: area.width)
    let y = area.y
    let marks = theme.marks
    for x in area.x..<area.maxX { buffer[x, y] = Cell(marks.segment, style: Style(.muted)) }
    for x in 0..<area.width where summary.hasFailure(inSteps: scale.steps(inColumn: x)) {
      buffer[area.x + x, y] = Cell(marks.failed, style: Style(.failed, bold: true))
    }
    // Labels go over the failure marks; a run whose marks all fell under its label gets one
    // just after it, so a failure is never hidden and a label never mangled.
    for number in summary.phaseStarts.indices {
      let from = scale.starts[number]
      let to = scale.starts[number + 1]
      guard from < area.width else { break }
      buffer[area.x + from, y] = Cell(theme.box.vertical, style: Style(.border))
      let name = scale.label(ofRun: number)
      guard !name.isEmpty else { continue }
      buffer.put(name, x: area.x + from + 1, y: y, style: Style(.muted), limit: to - from - 1)
      let end = number + 1 < summary.phaseStarts.count ? summary.phaseStarts[number + 1] : summary.count
      let visible = ((from + name.count + 1)..<to).contains { buffer[area.x + $0, y].symbol == marks.failed }
      if summary.hasFailure(inSteps: summary.phaseStarts[number]..<end), !visible, from + name.count + 1 < to {
        buffer[area.x + from + name.count + 1, y] = Cell(marks.failed, style: Style(.failed, bold: true))
      }
    }
    buffer[area.x + scale.column(of: index), y] = Cell(marks.position, style: Style(.current, reverse: true))
  }
}

/// Where each phase run starts on the bar, and the mapping between steps and columns.
struct BarScale {
  let summary: TimelineSummary
  let width: Int
  /// The first column of each phase run, plus `width` at the end.
  let starts: [Int]
  /// Whether runs too narrow for their phase's name may show its three-letter abbreviation.
  let abbreviates: Bool

  init(summary: TimelineSummary, width: Int) {
    self.summary = summary
    self.width = width
    let runs = summary.phaseStarts.count
    let lengths = summary.phaseStarts.indices.map { run in
      (run + 1 < runs ? summary.phaseStarts[run + 1] : summary.count) - summary.phaseStarts[run]
    }
    let labels = summary.phases.map { $0.rawValue.count + 2 }
    let abbreviations = summary.phases.map { $0.abbreviation.count + 2 }
    // Room for every label first when the labels take at most three quarters of the row (the
    // phases the header names should be findable on the bar). Else every run gets two columns
    // (a visible segment; none when even that would crowd the row) and then, longest run
    // first, its abbreviation while the abbreviations fit the row (two calls make eighteen
    // short runs: named segments orient a viewer better than nameless ones in proportion),
    // and then its full name while the names take at most three quarters of it.
    let fits = { (room: [Int]) in room.reduce(0, +) <= width * 3 / 4 }
    abbreviates = !fits(labels)
    var floor = fits(labels) ? labels : Array(repeating: 2 * runs <= width / 2 ? 2 : 0, count: runs)
    if abbreviates {
      let longestFirst = lengths.indices.sorted { lengths[$0] > lengths[$1] }
      for (names, limit) in [(abbreviations, width), (labels, width * 3 / 4)] {
        for run in longestFirst where names[run] > floor[run] {
          var upgraded = floor
          upgraded[run] = names[run]
          if upgraded.reduce(0, +) <= limit { floor = upgraded }
        }
      }
    }
    let spare = width - floor.reduce(0, +)
    var starts: [Int] = []
    var column = 0
    var stepsBefore = 0
    for run in 0..<runs {
      starts.append(min(width, column))
      stepsBefore += lengths[run]
      let proportional = summary.count == 0 ? 0 : stepsBefore * spare / summary.count
      column = floor.prefix(run + 1).reduce(0, +) + proportional
    }
    starts.append(width)
    self.starts = starts
  }

  /// The name run `run` shows after its border: the phase's, or its abbreviation where only
  /// that fits, or none; a name always leaves at least one column for the run's steps.
  func label(ofRun run: Int) -> String {
    let room = max(starts[run], starts[run + 1]) - starts[run]
    let phase = summary.phases[run]
    if room > phase.rawValue.count + 1 { return phase.rawValue }
    return abbreviates && room > phase.abbreviation.count + 1 ? phase.abbreviation : ""
  }

  /// The columns a run's steps are spread over: after its border and label when the run has
  /// room for them, so the position mark never covers a letter.
  func track(ofRun run: Int) -> Range<Int> {
    let (from, to) = (starts[run], max(starts[run], starts[run + 1]))
    let label = label(ofRun: run)
    if !label.isEmpty { return (from + label.count + 1)..<to }
    return to - from > 1 ? (from + 1)..<to : from..<max(to, from + 1)
  }

  /// The column step `step` falls in.
  func column(of step: Int) -> Int {
    guard summary.count > 1 else { return 0 }
    let run = summary.run(containing: step)
    let first = summary.phaseStarts[run]
    let length = (run + 1 < summary.phaseStarts.count ? summary.phaseStarts[run + 1] : summary.count) - first
    let track = track(ofRun: run)
    return min(width - 1, track.lowerBound + (step - first) * track.count / max(1, length))
  }

  /// The steps column `x` stands for (the inverse of `column(of:)`; none for a border or label).
  func steps(inColumn x: Int) -> Range<Int> {
    guard let run = (0..<summary.phaseStarts.count).last(where: { starts[$0] <= x }) else { return 0..<0 }
    let track = track(ofRun: run)
    guard track.contains(x) else { return 0..<0 }
    let first = summary.phaseStarts[run]
    let length = (run + 1 < summary.phaseStarts.count ? summary.phaseStarts[run + 1] : summary.count) - first
    let span = track.count
    let lower = first + ((x - track.lowerBound) * length + span - 1) / span
    let upper = first + ((x - track.lowerBound + 1) * length + span - 1) / span
    return min(lower, first + length)..<min(max(lower, upper), first + length)
  }
}

/// What the timeline bar and the phase keys need from a timeline, computed once when it is
/// loaded: phase boundaries and the failed steps, sorted.
public struct TimelineSummary: Sendable, Hashable {
  public let count: Int
  /// `Timeline.phaseStarts`.
  public let phaseStarts: [Int]
  /// The phase of each run in `phaseStarts`.
  public let phases: [Phase]
  public let failedSteps: [Int]

  public init(_ timeline: Timeline) {
    count = timeline.count
    phaseStarts = timeline.phaseStarts
    phases = phaseStarts.map { timeline.phase(at: $0) }
    failedSteps = timeline.failedSteps
  }

  /// Whether any step in `range` failed (binary search over the sorted failures).
  public func hasFailure(inSteps range: Range<Int>) -> Bool {
    var low = 0
    var high = failedSteps.count
    while low < high {
      let middle = (low + high) / 2
      if failedSteps[middle] < range.lowerBound { low = middle + 1 } else { high = middle }
    }
    return low < failedSteps.count && failedSteps[low] < range.upperBound
  }

  /// The index into `phaseStarts` of the phase run containing `step`.
  public func run(containing step: Int) -> Int {
    var low = 0
    var high = phaseStarts.count
    while low + 1 < high {
      let middle = (low + high) / 2
      if phaseStarts[middle] <= step { low = middle } else { high = middle }
    }
    return low
  }
}

extension Phase {
  /// Three letters for the timeline bar when the full names do not fit.
  var abbreviation: String {
    switch self {
    case .start: "sta"
    case .setup: "set"
    case .collect: "col"
    case .unmap: "unm"
    case .driver: "drv"
    case .pages: "pgs"
    case .finalize: "fin"
    case .evict: "evi"
    case .fault: "flt"
    case .event: "evt"
    case .done: "end"
    }
  }
}
