import FolioModel
import TerminalCanvas

/// The whole timeline in one row: phases as labelled segments, a failure mark where a slot
/// failed, and the current position. Each column looks only at the steps it stands for.
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
    let width = area.width
    let y = area.y
    let marks = theme.marks
    for x in area.x..<area.maxX { buffer[x, y] = Cell(marks.segment, style: Style(.muted)) }
    let runs = summary.phaseStarts
    for (number, start) in runs.enumerated() {
      let end = number + 1 < runs.count ? runs[number + 1] : summary.count
      let from = column(of: start, width: width)
      let to = end < summary.count ? column(of: end, width: width) : width
      buffer[area.x + from, y] = Cell(theme.box.vertical, style: Style(.border))
      let name = summary.phases[number].rawValue
      if to - from > name.count + 1 {
        buffer.put(name, x: area.x + from + 1, y: y, style: Style(.muted), limit: to - from - 1)
      }
    }
    for x in 0..<width where summary.hasFailure(inSteps: steps(inColumn: x, width: width)) {
      buffer[area.x + x, y] = Cell(marks.failed, style: Style(.failed, bold: true))
    }
    buffer[area.x + column(of: index, width: width), y] = Cell(
      marks.position, style: Style(.current, reverse: true))
  }

  /// The column step `step` falls in.
  func column(of step: Int, width: Int) -> Int {
    summary.count <= 1 ? 0 : min(width - 1, step * width / summary.count)
  }

  /// The steps column `x` stands for (the inverse of `column(of:)`).
  func steps(inColumn x: Int, width: Int) -> Range<Int> {
    let lower = (x * summary.count + width - 1) / width
    let upper = ((x + 1) * summary.count + width - 1) / width
    return lower..<max(lower, upper)
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
    phases = phaseStarts.map { timeline[$0].phase }
    failedSteps = timeline.steps.filter(\.failed).map(\.index)
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
