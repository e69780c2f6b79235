import FolioModel
import TerminalCanvas

extension Viewer {
  /// A click (`--mouse`): focus the pane under it and put its cursor on what was clicked — a
  /// pfn in the memory grid, a slot in the migrate arrays, an entry in the page tables. The
  /// grid and array rows are read back from the rendered frame, whose row labels name their
  /// first pfn and slot, so the mapping always matches what is on screen.
  mutating func click(at point: Point) {
    guard !presenting, !helpVisible, LayoutTier(size) != .tooSmall else { return }
    let layout = self.layout
    let frame = render()
    if layout.grid.inset(by: 1).contains(x: point.x, y: point.y) {
      guard let pfn = clickedPfn(at: point, in: layout.grid.inset(by: 1), frame: frame) else { return }
      focus = .memory
      holdCursor()
      pfnCursor = pfn
    } else if layout.arrays.inset(by: 1).contains(x: point.x, y: point.y) {
      let inner = layout.arrays.inset(by: 1)
      guard !perFolio, let slot = leadingNumber(in: row(of: frame, y: point.y, from: inner.x, width: inner.width)),
            let count = scene.call?.src.count, slot < count else { return }
      focus = .arrays
      holdCursor()
      slotCursor = slot
    } else if layout.pageTables.inset(by: 1).contains(x: point.x, y: point.y) {
      let index = point.y - layout.pageTables.inset(by: 1).y
      guard pageTableRows.indices.contains(index), pageTableRows[index].address != nil else { return }
      focus = .pageTables
      holdCursor()
      rowCursor = index
    }
  }

  /// The pfn of the grid cell under `point`: the row's label plus the cell's column.
  private func clickedPfn(at point: Point, in inner: Rect, frame: Buffer) -> PFN? {
    let text = row(of: frame, y: point.y, from: inner.x, width: inner.width)
    guard text.hasPrefix("0x"), let label = text.split(separator: " ").first,
          let first = PFN(label.dropFirst(2), radix: 16) else { return nil }
    let geometry = GridGeometry(machine: machine, width: inner.width)
    let column = (point.x - inner.x - geometry.labelWidth) / geometry.cellWidth
    guard point.x >= inner.x + geometry.labelWidth, column < geometry.pfnsPerRow else { return nil }
    let pfn = first + PFN(column)
    return machine.index(of: pfn) != nil && machine.region(of: pfn) == machine.region(of: first) ? pfn : nil
  }

  private func row(of frame: Buffer, y: Int, from x: Int, width: Int) -> String {
    String((x..<min(frame.width, x + width)).map { frame[$0, y].symbol })
  }

  /// The first run of digits in `text` (an arrays row: pointer mark, then the slot number).
  private func leadingNumber(in text: String) -> Int? {
    let digits = text.drop { !$0.isNumber }.prefix { $0.isNumber }
    return Int(digits)
  }
}
