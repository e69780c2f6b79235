import TerminalCanvas

/// How much of the interface a terminal size allows. Below 120×40 the viewer degrades in
/// steps — first the code pane goes, then the legend shrinks to one line of the letters shown,
/// then free memory ranges collapse — and below 80×24 it only says how much room it needs.
public enum LayoutTier: Int, Sendable, Comparable {
  case tooSmall, collapsed, noLegend, noCode, full

  public init(_ size: Size) {
    switch (size.width, size.height) {
    case (120..., 40...): self = .full
    case (100..., 30...): self = .noCode
    case (90..., 27...): self = .noLegend
    case (80..., 24...): self = .collapsed
    default: self = .tooSmall
    }
  }

  public static func < (lhs: LayoutTier, rhs: LayoutTier) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// Where every pane goes for one size: header, timeline bar and footer lines; memory grid and
/// migrate arrays on the left; explanation, page tables and inspector on the right; the code
/// pane across the bottom, full width, so the paraphrased lines are never cut.
struct Layout {
  var tier: LayoutTier
  var header = Rect(x: 0, y: 0, width: 0, height: 0)
  var bar = Rect(x: 0, y: 0, width: 0, height: 0)
  var footer = Rect(x: 0, y: 0, width: 0, height: 0)
  var grid = Rect(x: 0, y: 0, width: 0, height: 0)
  var arrays = Rect(x: 0, y: 0, width: 0, height: 0)
  var code: Rect?
  var explanation = Rect(x: 0, y: 0, width: 0, height: 0)
  var pageTables = Rect(x: 0, y: 0, width: 0, height: 0)
  var inspector = Rect(x: 0, y: 0, width: 0, height: 0)

  var legend: GridLegend { tier >= .noCode ? .all : .drawn }
  var collapseFree: Bool { tier == .collapsed }

  init(size: Size, codeVisible: Bool) {
    tier = LayoutTier(size)
    guard tier != .tooSmall else { return }
    var rest = Rect(size: size)
    (header, rest) = rest.splitTop(1)
    (bar, rest) = rest.splitTop(1)
    (rest, footer) = rest.splitBottom(1)
    if tier == .full && codeVisible {
      let split = rest.splitBottom(rest.height / 4)
      code = split.bottom
      rest = split.rest
    }
    let body = rest.height
    let (left, right) = rest.splitLeft(size.width * 11 / 20)
    (grid, arrays) = left.splitTop(body * 9 / 20)
    // The explanation is what a learner reads first: two fifths of the column, the page
    // tables and the inspector half of the rest each. On the smallest screens two fifths
    // leave it five lines of text, so there the page tables keep two entries (five rows), the
    // inspector its five lines (seven rows), and the explanation takes the rest.
    var column = right
    let explanationRows = tier == .collapsed ? max(right.height * 2 / 5, right.height - 12) : right.height * 2 / 5
    (explanation, column) = column.splitTop(explanationRows)
    (pageTables, inspector) = column.splitTop(tier == .collapsed ? min(5, column.height / 2) : column.height / 2)
  }
}
