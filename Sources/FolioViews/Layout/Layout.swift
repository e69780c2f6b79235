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

/// What the right column's panes hold at this step, in lines inside their borders, so the
/// explanation can take the rows the page tables and inspector do not need.
struct ColumnDemand {
  /// The explanation's wrapped lines at an inside width.
  var explanation: (Int) -> Int
  /// The page tables' lines (headings and entries), counted up to the height asked.
  var pageTables: (Int) -> Int
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

  init(size: Size, codeVisible: Bool, demand: ColumnDemand? = nil) {
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
    splitColumn(right, demand: demand)
  }

  /// The right column: the explanation is what a learner reads first, so it gets at least two
  /// fifths of the column and, when the step's text is longer, as many more rows as it needs
  /// while the page tables keep the step's entry with its neighbours (seven rows, five on the
  /// smallest screens) and the inspector its first facts (seven rows). The page tables then
  /// take up to half of what is left, no more than their entries fill, and the inspector the rest.
  private mutating func splitColumn(_ right: Rect, demand: ColumnDemand?) {
    // On the smallest screens two fifths leave the explanation five lines of text, so there it
    // always takes all but the page tables' and the inspector's floors.
    let share = tier == .collapsed ? max(right.height * 2 / 5, right.height - 12) : right.height * 2 / 5
    let tablesFloor = tier == .collapsed ? 5 : 7
    let inspectorFloor = 7
    let wanted = demand.map { $0.explanation(max(0, right.width - 2)) + 2 } ?? share
    let explanationRows = max(share, min(wanted, right.height - tablesFloor - inspectorFloor))
    var column = right
    (explanation, column) = column.splitTop(explanationRows)
    var tablesRows = tier == .collapsed ? min(5, column.height / 2) : column.height / 2
    if let demand {
      let tables = demand.pageTables(max(0, column.height - 2)) + 2
      tablesRows = max(min(tablesFloor, column.height / 2), min(tablesRows, tables))
    }
    (pageTables, inspector) = column.splitTop(tablesRows)
  }
}
