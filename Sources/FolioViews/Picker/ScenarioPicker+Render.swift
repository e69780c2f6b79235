import TerminalCanvas

extension ScenarioPicker {
  /// Draws the list as a box over `buffer`, keeping the selection in view; group headings in
  /// the heading style, and the filter typed so far in the bottom border.
  public func render(on buffer: inout Buffer, theme: Theme) {
    let area = buffer.area
    let rows = self.rows
    let nameWidth = min(28, entries.map(\.name.count).max() ?? 0)
    // Wide enough for the longest summary when the screen allows (at least 96 columns).
    let longest = (entries.map { 3 + nameWidth + 2 + $0.summary.count }.max() ?? 0) + 2
    let width = min(area.width - 4, max(96, longest))
    let height = min(area.height - 2, max(rows.count, 1) + 4)
    guard width > 10, height > 4 else { return }
    let box = Rect(x: (area.width - width) / 2, y: (area.height - height) / 2, width: width, height: height)
    // The screen around the box is cleared: a pane's ▶ beside a row read as the selection.
    buffer.fill(area)
    let inside = buffer.drawBox(box, title: "Open a scenario (type to filter, ↑↓ Enter, Esc)", glyphs: theme.box,
                                style: Style(.border), titleStyle: Style(.heading, bold: true))
    let visible = max(1, inside.height)
    let selected = rows.firstIndex(of: .entry(selection)) ?? 0
    let first = min(max(0, selected - visible / 2), max(0, rows.count - visible))
    // Entries sit indented under their group's heading.
    let indent = rows.contains { if case .heading = $0 { true } else { false } } ? "   " : " "
    for (line, row) in rows.dropFirst(first).prefix(visible).enumerated() {
      let y = inside.y + line
      guard case .entry(let index) = row else {
        if case .heading(let group) = row {
          buffer.put(group, x: inside.x, y: y, style: Style(.heading, bold: true), limit: inside.width)
        }
        continue
      }
      let entry = entries[index]
      let style = index == selection ? Style(.current, reverse: true) : Style.plain
      var text = indent + entry.name + String(repeating: " ", count: max(0, nameWidth - entry.name.count)) + "  "
        + entry.summary
      // A summary cut at the edge says so.
      if text.count > inside.width && inside.width > 1 { text = String(text.prefix(inside.width - 1)) + "…" }
      buffer.fill(Rect(x: inside.x, y: y, width: inside.width, height: 1), with: Cell(" ", style: style))
      buffer.put(text, x: inside.x, y: y, style: style, limit: inside.width)
      if index == selection { buffer.cursor = Point(x: inside.x, y: y) }
    }
    if rows.isEmpty {
      buffer.put("No scenario name contains \"\(filter)\".", x: inside.x + 1, y: inside.y, style: Style(.muted),
                 limit: inside.width - 1)
    }
    if !filter.isEmpty {
      buffer.put(" filter: \(filter) ", x: box.x + 2, y: box.maxY - 1, style: Style(.key), limit: box.width - 4)
    }
    if theme.isASCII { buffer.foldToASCII() }
  }
}
