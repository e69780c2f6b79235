import FolioModel
import TerminalCanvas

/// Draws one migrate-pfn entry as `pfn VMWC`: the pfn (or `-` when VALID is clear) and the
/// letter strip, with the bits this step changed in bold underline and a change mark after it,
/// so a change shows without colour.
struct MigrateEntryText {
  let value: UInt64
  /// The bits that differ from before the step.
  let changedBits: UInt64
  let pfnWidth: Int
  let marks: Marks

  static let bits: [UInt64] = [
    MigratePFN.valid, MigratePFN.migrate, MigratePFN.write, MigratePFN.compound,
  ]

  /// Columns one entry takes: pfn, space, four letters, change mark.
  var width: Int { pfnWidth + 6 }

  @discardableResult
  func render(x: Int, y: Int, base: Style, limit: Int, on buffer: inout Buffer) -> Int {
    let pfn = MigratePFN.page(value).map(MigratePFN.hex) ?? "-"
    var column = buffer.put(
      String(repeating: " ", count: max(0, pfnWidth - pfn.count)) + pfn + " ", x: x, y: y,
      style: base,
      limit: limit)
    let letters = Array(MigratePFN.letters(value))
    for (bit, letter) in zip(Self.bits, letters) where column < x + limit {
      let changed = changedBits & bit != 0
      var style = base
      if changed {
        style.role = .changed
        style.bold = true
        style.underline = true
      }
      buffer[column, y] = Cell(letter, style: style)
      column += 1
    }
    if changedBits != 0 && column < x + limit {
      buffer[column, y] = Cell(marks.changed, style: Style(.changed, bold: true))
    }
    return x + width
  }
}

extension Machine {
  /// Hex digits plus `0x` of the highest pfn any region holds: the width of a pfn column.
  var pfnColumnWidth: Int {
    String(regions.map { $0.range.end - 1 }.max() ?? 0, radix: 16).count + 2
  }
}
