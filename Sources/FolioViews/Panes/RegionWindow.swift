import FolioModel
import TerminalCanvas

/// The visible part of one memory region in the grid: a label line, then rows of pfn cells
/// starting near the focus pfn's row.
struct RegionWindow {
  let region: MemoryRegion
  /// The index of the region's first pfn in `Machine.frames`.
  let base: Int
  let geometry: GridGeometry
  let focus: PFN
  /// Rows available below the label.
  let lines: Int
  /// The region holds a page the moment is about (`Scene.isNamed`); one that does not may be
  /// summarised in its label line alone.
  let named: Bool
  let collapseFree: Bool

  /// How many rows of free runs one collapsed line may stand for, so the scan stays bounded.
  private static let longestCollapsedRun = 64

  /// Draws the window and returns the marks its cells used.
  func render(at area: Rect, scene: Scene, cursor: PFN?, focused: Bool, on buffer: inout Buffer) -> DrawnMarks {
    var drawn = DrawnMarks()
    let perRow = geometry.pfnsPerRow
    let rows = geometry.rows(of: region)
    let focusRow = Int(focus - region.range.start) / perRow
    let first = max(0, min(focusRow - lines / 2, rows - lines))
    let span = "\(region.name) \(MigratePFN.hex(region.range.start))–\(MigratePFN.hex(region.range.end - 1))"
    let counted = rows == 1 ? "1 row" : "\(rows) rows"
    let hidden = named ? "  no room for its \(counted)" : "  \(counted) hidden: no page of this step's"
    let last = min(rows, first + lines)
    let shown = last == first + 1 ? "row \(last)" : "rows \(first + 1)–\(last)"
    let window = lines <= 0 ? hidden : lines < rows ? "  \(shown) of \(rows)" : ""
    // The zone name is the first thing to go when the pane is narrow; the row window never is.
    let full = span + " \(region.zone.rawValue)" + window
    let label = full.count <= area.width ? full : span + window
    buffer.put(label, x: area.x, y: area.y, style: Style(.heading, bold: true), limit: area.width)
    var row = first
    var y = area.y + 1
    while y < area.maxY && row < rows {
      if collapseFree && row != focusRow && isFree(row: row) {
        var end = row + 1
        while end < rows && end != focusRow && end - row < Self.longestCollapsedRun
          && isFree(row: end)
        { end += 1 }
        let from = region.range.start + UInt64(row * perRow)
        let to = min(region.range.end, region.range.start + UInt64(end * perRow)) - 1
        let text =
          "\(scene.theme.marks.ellipsis) \(MigratePFN.hex(from))–\(MigratePFN.hex(to)) free"
        buffer.put(text, x: area.x, y: y, style: Style(.muted), limit: area.width)
        row = end
      } else {
        drawRow(row, y: y, area: area, scene: scene, cursor: cursor, focused: focused, drawn: &drawn, on: &buffer)
        row += 1
      }
      y += 1
    }
    return drawn
  }

  private func isFree(row: Int) -> Bool {
    let start = row * geometry.pfnsPerRow
    let end = min(region.range.count, start + geometry.pfnsPerRow)
    return (start..<end).allSatisfy { frame(at: $0).free }
  }

  private func frame(at offset: Int) -> PageFrame { geometry.machine.frames[base + offset] }

  /// The head page of `frame`'s folio, read directly when it lies in this region.
  private func head(of page: PageFrame) -> PageFrame? {
    if page.isHead { return page }
    if region.range.contains(page.head) { return frame(at: Int(page.head - region.range.start)) }
    return geometry.machine.frame(page.head)
  }

  private func drawRow(
    _ row: Int, y: Int, area: Rect, scene: Scene, cursor: PFN?, focused: Bool, drawn: inout DrawnMarks,
    on buffer: inout Buffer
  ) {
    let perRow = geometry.pfnsPerRow
    let first = region.range.start + UInt64(row * perRow)
    buffer.put(MigratePFN.hex(first), x: area.x, y: y, style: Style(.muted), limit: area.width)
    let marks = scene.theme.marks
    let count = min(perRow, region.range.count - row * perRow)
    // Whether a page of the folio run (pages joined by the join glyph) ending here changed.
    var runChanged = false
    for column in 0..<count {
      let offset = row * perRow + column
      let page = frame(at: offset)
      let look = FrameLook(page, folio: head(of: page), marks: marks)
      let isCursor = page.pfn == cursor
      let changed = scene.diff.pfns.contains(page.pfn)
      let style = scene.style(look.role, current: isCursor, changed: changed)
      let width = geometry.cellWidth
      let x = area.x + geometry.labelWidth + width * column
      guard x + width - 2 < area.maxX else { break }
      drawn.letters.formUnion([look.kind, look.state])
      runChanged = runChanged || changed
      if width > 3 {
        // A solid block " A s " in the role's colour reads from the back of a lecture room.
        var block = style
        block.reverse = !page.free
        let glyphs: [Character] = [" ", look.kind, " ", look.state, " "]
        for (dx, glyph) in glyphs.prefix(width - 1).enumerated() {
          buffer[x + dx, y] = Cell(glyph, style: block)
        }
        // Every block is reversed already, so the cursor takes the block's spare first column.
        if isCursor {
          buffer[x, y] = Cell(marks.pointer, style: Style(.heading, bold: true))
          drawn.pointed = true
        }
      } else {
        buffer[x, y] = Cell(look.kind, style: style)
        buffer[x + 1, y] = Cell(look.state, style: style)
      }
      if isCursor && focused { buffer.cursor = Point(x: x, y: y) }
      let joins =
        column + 1 < count && !page.free && frame(at: offset + 1).head == page.head
      guard x + width - 1 < area.maxX else { continue }
      if joins {
        buffer[x + width - 1, y] = Cell(marks.folioJoin, style: Style(look.role))
        drawn.joined = true
      } else if runChanged {
        // A glyph, not only bold+underline, so plain text (render, handout) and a washed-out
        // projector show it too; after the folio's last page here, so the join stays whole.
        buffer[x + width - 1, y] = Cell(marks.changed, style: Style(.changed, bold: true))
        drawn.changed = true
      }
      if !joins { runChanged = false }
    }
  }
}
