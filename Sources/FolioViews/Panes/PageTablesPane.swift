import FolioModel
import TerminalCanvas

/// Per process, address → entry kind, pfn and `W D Y` bits, changed entries marked, and an
/// arrow to the folio (head pfn) each entry maps.
public struct PageTablesPane: Widget {
  public var scene: Scene
  /// The slot under the arrays cursor: the page tables follow it.
  public var slotCursor: Int
  /// The row under this pane's cursor.
  public var cursor: Int
  public var focused: Bool
  /// A process window the user scrolled.
  public var scroll: PageTableScroll?

  public init(scene: Scene, slotCursor: Int, cursor: Int, focused: Bool, scroll: PageTableScroll? = nil) {
    self.scroll = scroll
    self.scene = scene
    self.slotCursor = slotCursor
    self.cursor = cursor
    self.focused = focused
  }

  public func render(in area: Rect, on buffer: inout Buffer) {
    let inner = buffer.drawPane(area, title: "Page tables", theme: scene.theme, focused: focused)
    guard !inner.isEmpty else { return }
    let rows = PageTableRow.rows(scene: scene, slotCursor: slotCursor, height: inner.height, scroll: scroll)
    if rows.isEmpty {
      buffer.put("No processes.", x: inner.x, y: inner.y, style: Style(.muted), limit: inner.width)
    }
    let marks = scene.theme.marks
    let addressWidth = rows.compactMap { $0.address.map { MigratePFN.hex($0).count } }.max() ?? 0
    let pfnWidth = scene.machine.pfnColumnWidth
    // A narrow pane abbreviates the entry kind so the pfn still fits.
    let narrow = inner.width < 1 + addressWidth + 1 + 16 + 1 + pfnWidth
    for (line, row) in rows.enumerated() {
      let y = inner.y + line
      let isCursor = line == cursor
      guard let address = row.address else {
        buffer.put(
          row.text, x: inner.x, y: y, style: Style(.heading, bold: true, reverse: isCursor),
          limit: inner.width)
        continue
      }
      let style = Style(
        row.changed ? .changed : .plain, bold: row.changed, reverse: isCursor,
        underline: row.changed)
      var text =
        (row.changed ? String(marks.changed) : " ")
        + MigratePFN.hex(address).leftPadding(addressWidth)
      text += " " + (narrow ? PageTableRow.abbreviated(row.text) : row.text.padding(16))
      // A thread asleep on this entry (migration_entry_wait) matters more than the folio arrow.
      let process = scene.machine.processes[row.process].name
      let sleepers = scene.machine.waiters.filter { $0.process == process && $0.address & ~(pageSize - 1) == address }
      if let pfn = row.pfn {
        text += " " + MigratePFN.hex(pfn).leftPadding(pfnWidth)
        if !sleepers.isEmpty {
          text += " " + sleepers.map(\.thread).joined(separator: ",") + " waits"
        } else if let head = scene.machine.frame(pfn)?.head {
          // The folio arrow whole, or shorter, or not at all: never cut off in the middle.
          let arrows = [" \(marks.arrow) folio \(MigratePFN.hex(head))", " \(marks.arrow) \(MigratePFN.hex(head))"]
          text += arrows.first { text.count + $0.count <= inner.width } ?? ""
        }
      }
      buffer.put(text, x: inner.x, y: y, style: style, limit: inner.width)
      if isCursor && focused { buffer.cursor = Point(x: inner.x, y: y) }
    }
  }
}
