import FolioModel
import TerminalCanvas

/// The memory grid: every pfn a cell (kind letter, state letter, and a join glyph to the next
/// page of the same folio, so a large folio reads as one block), system RAM and each device
/// pgmap as separately labelled regions. A region taller than its share shows a window around
/// the cursor; only the cells drawn are looked at, so a 1M-pfn machine costs what 80×24 costs.
public struct MemoryGridPane: Widget {
  public var scene: Scene
  /// The pfn under the grid's cursor.
  public var cursor: PFN?
  public var focused: Bool
  public var legend: GridLegend
  /// Fold runs of rows that are entirely free into one line (the smallest layout tier).
  public var collapseFree: Bool
  /// Draw each pfn as a solid block twice as wide (the projector layout).
  public var wideCells: Bool

  public init(
    scene: Scene, cursor: PFN?, focused: Bool, legend: GridLegend = .all, collapseFree: Bool = false,
    wideCells: Bool = false
  ) {
    self.scene = scene
    self.cursor = cursor
    self.focused = focused
    self.legend = legend
    self.collapseFree = collapseFree
    self.wideCells = wideCells
  }

  public func render(in area: Rect, on buffer: inout Buffer) {
    let theme = scene.theme
    let inner = buffer.drawPane(area, title: "Memory", theme: theme, focused: focused)
    guard !inner.isEmpty else { return }
    let machine = scene.machine
    var body = inner
    var drawnLegend: Rect?
    switch legend {
    case .all:
      let lines = LegendLines(width: inner.width, marks: theme.marks)
      let split = inner.splitBottom(min(lines.lines.count, max(0, inner.height - 2)))
      body = split.rest
      lines.render(in: split.bottom, on: &buffer)
    case .drawn where inner.height - 1 >= 2 * machine.regions.count:
      // Only when every region keeps its label and a row.
      (body, drawnLegend) = inner.splitBottom(1)
    case .drawn where area.height > 2:
      // No line to spare inside: the legend goes in the bottom border, clear of the corners.
      drawnLegend = Rect(x: area.x + 2, y: area.maxY - 1, width: max(0, area.width - 4), height: 1)
    case .drawn, .none: break
    }
    let geometry = GridGeometry(machine: machine, width: body.width, cellWidth: wideCells ? 6 : 3)
    let named = machine.regions.map { scene.isNamed($0, cursor: cursor) }
    let inUse = machine.regions.map { scene.pageOfInterest(in: $0) != nil }
    let shares = geometry.rowShares(height: body.height, named: named, inUse: inUse)
    var y = body.y
    var base = 0
    var drawn = DrawnMarks()
    for (number, region) in machine.regions.enumerated() {
      let share = shares[number]
      if share > 0 {
        let window = RegionWindow(
          region: region, base: base, geometry: geometry, focus: focus(in: region),
          lines: share - 1, named: named[number], collapseFree: collapseFree)
        let marks = window.render(
          at: Rect(x: body.x, y: y, width: body.width, height: share), scene: scene, cursor: cursor,
          focused: focused, on: &buffer)
        drawn.formUnion(marks)
        y += share
      }
      base += region.range.count
    }
    if let drawnLegend {
      DrawnLegendLine(drawn: drawn, marks: theme.marks, onBorder: drawnLegend.y == area.maxY - 1)
        .render(in: drawnLegend, on: &buffer)
    }
  }

  /// The rows (borders included) that show every region of `machine` whole, with the one-line
  /// legend of what is drawn, in a pane `width` wide.
  static func drawnLegendHeight(machine: Machine, width: Int, wideCells: Bool) -> Int {
    let geometry = GridGeometry(machine: machine, width: max(1, width - 2), cellWidth: wideCells ? 6 : 3)
    return machine.regions.reduce(0) { $0 + geometry.rows(of: $1) + 1 } + 1 + 2
  }

  /// The pfn a region's window centres on: the cursor, else the step's pfn, else the page of
  /// interest there (`Scene.pageOfInterest`), else the start.
  private func focus(in region: MemoryRegion) -> PFN {
    if let cursor, region.range.contains(cursor) { return cursor }
    if let pfn = scene.step.pfn, region.range.contains(pfn) { return pfn }
    return scene.pageOfInterest(in: region) ?? region.range.start
  }
}

/// How much of the letter legend the grid shows: every letter, one line of the letters its
/// cells use (the smaller layouts), or none.
public enum GridLegend: Sendable {
  case all, drawn, none
}

/// Columns per pfn cell and label widths of the grid for one pane width.
struct GridGeometry {
  let machine: Machine
  /// `0x` plus the hex digits of the highest pfn, plus a space.
  let labelWidth: Int
  let pfnsPerRow: Int
  /// Columns per pfn: 3 (two letters and a join), or 6 for the projector's solid blocks.
  let cellWidth: Int

  init(machine: Machine, width: Int, cellWidth: Int = 3) {
    self.machine = machine
    self.cellWidth = cellWidth
    let highest = machine.regions.map { $0.range.end - 1 }.max() ?? 0
    labelWidth = String(highest, radix: 16).count + 3
    var perRow = 32
    while perRow > 1 && labelWidth + cellWidth * perRow > width { perRow /= 2 }
    pfnsPerRow = perRow
  }

  func rows(of region: MemoryRegion) -> Int { (region.range.count + pfnsPerRow - 1) / pfnsPerRow }

  /// Lines per region (its label plus rows) for `height` lines. When not all fit, what the
  /// moment is about comes first: a label and a row for every `named` region (see
  /// `Scene.isNamed`), then a label for each other region, then a first row for those with pages
  /// `inUse` before the wholly free ones, and only then second and later rows, round robin, so no
  /// region gets a second row while another that holds the step's page has none.
  func rowShares(height: Int, named: [Bool], inUse: [Bool] = []) -> [Int] {
    let wanted = machine.regions.map { rows(of: $0) + 1 }
    var shares = Array(repeating: 0, count: wanted.count)
    var left = height
    func grow(_ i: Int, to target: Int) {
      let step = min(max(0, min(target, wanted[i]) - shares[i]), left)
      shares[i] += step
      left -= step
    }
    for i in shares.indices where named.indices.contains(i) && named[i] { grow(i, to: 2) }
    for i in shares.indices { grow(i, to: 1) }
    for i in shares.indices where inUse.indices.contains(i) && inUse[i] { grow(i, to: 2) }
    for i in shares.indices { grow(i, to: 2) }
    var growing = true
    while left > 0 && growing {
      growing = false
      for i in shares.indices where left > 0 && shares[i] < wanted[i] {
        grow(i, to: shares[i] + 1)
        growing = true
      }
    }
    return shares
  }
}
