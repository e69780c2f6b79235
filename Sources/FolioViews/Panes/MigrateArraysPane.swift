import FolioModel
import TerminalCanvas

/// The migrate arrays of the current call, one row per slot: address, `src` pfn and `V M W C`
/// letters, `dst` pfn and letters, with this step's changed bits marked. In folio view the slots
/// are grouped by the folio they name, showing what a folio array could not say.
public struct MigrateArraysPane: Widget {
  public var scene: Scene
  /// The slot under the cursor.
  public var cursor: Int
  public var focused: Bool
  public var perFolio: Bool

  public init(scene: Scene, cursor: Int, focused: Bool, perFolio: Bool) {
    self.scene = scene
    self.cursor = cursor
    self.focused = focused
    self.perFolio = perFolio
  }

  public func render(in area: Rect, on buffer: inout Buffer) {
    let call = scene.call
    let name = perFolio ? "Migrate arrays by folio" : "Migrate arrays"
    var titles = [name]
    if let call, let index = scene.callIndex {
      // Only struct migrate_vma has cpages; the device-pfn APIs pass bare arrays.
      let cpages = call.migrateVMACpages.map { " cpages \($0)" } ?? ""
      // A narrow pane drops the API's name before it would cut a number short ("cpages 51").
      titles = ["\(name) · \(call.api.rawValue) #\(index + 1)\(cpages)", "\(name) · #\(index + 1)\(cpages)", name]
    }
    // The frame's corners and the spaces around the title take four columns.
    let title = titles.first { $0.count <= area.width - 4 } ?? name
    let inner = buffer.drawPane(area, title: title, theme: scene.theme, focused: focused)
    guard !inner.isEmpty else { return }
    guard let call, let callIndex = scene.callIndex else {
      buffer.put(
        "No migrate call yet.", x: inner.x, y: inner.y, style: Style(.muted), limit: inner.width)
      return
    }
    let slot = min(max(0, cursor), max(0, call.src.count - 1))
    if perFolio {
      FolioGroupRows(scene: scene, call: call, callIndex: callIndex, cursor: slot, focused: focused)
        .render(in: inner, on: &buffer)
    } else {
      drawSlots(call: call, callIndex: callIndex, cursor: slot, in: inner, on: &buffer)
    }
  }

  private func drawSlots(
    call: MigrateCall, callIndex: Int, cursor: Int, in area: Rect, on buffer: inout Buffer
  ) {
    let slotWidth = String(max(0, call.src.count - 1)).count
    let addressWidth = call.end.map { MigratePFN.hex($0).count } ?? 0
    let pfnWidth = scene.machine.pfnColumnWidth
    let entry = 1 + slotWidth + 1 + (addressWidth > 0 ? addressWidth + 1 : 0)
    var heading = String(repeating: " ", count: 1 + slotWidth + 1)
    if addressWidth > 0 { heading += "address".padding(addressWidth + 1) }
    heading += "src".padding(pfnWidth + 7) + "dst"
    buffer.put(heading, x: area.x, y: area.y, style: Style(.muted), limit: area.width)
    let rows = area.height - 1
    guard rows > 0, !call.src.isEmpty else { return }
    let first = max(0, min(cursor - rows / 2, call.src.count - rows))
    let marks = scene.theme.marks
    for (line, slot) in (first..<min(call.src.count, first + rows)).enumerated() {
      let y = area.y + 1 + line
      let isCursor = slot == cursor
      let base = Style(.plain, reverse: isCursor)
      let isStep = scene.step.slot == slot && scene.step.call == callIndex
      var text = (isStep ? String(marks.pointer) : " ") + String(slot).leftPadding(slotWidth) + " "
      if let address = call.address(of: slot) {
        text += MigratePFN.hex(address).leftPadding(addressWidth) + " "
      }
      buffer.put(text, x: area.x, y: y, style: base, limit: area.width)
      if isCursor && focused { buffer.cursor = Point(x: area.x, y: y) }
      let src = MigrateEntryText(
        value: call.src[slot],
        changedBits: scene.diff.srcBits(call: callIndex, slot: slot),
        pfnWidth: pfnWidth, marks: marks)
      let srcEnd = src.render(
        x: area.x + entry, y: y, base: base, limit: area.maxX - area.x - entry, on: &buffer)
      let dst = MigrateEntryText(
        value: call.dst[slot],
        changedBits: scene.diff.dstBits(call: callIndex, slot: slot),
        pfnWidth: pfnWidth, marks: marks)
      let dstEnd = dst.render(
        x: srcEnd + 1, y: y, base: base, limit: area.maxX - srcEnd - 1, on: &buffer)
      if isStep && scene.step.failed {
        let mark = " \(marks.failed) failed"
        if area.maxX - dstEnd >= mark.count {
          buffer.put(mark, x: dstEnd, y: y, style: Style(.failed, bold: true), limit: area.maxX - dstEnd)
        } else {
          // A narrow pane (the projector layout's) has no room after dst: the pointer says it.
          buffer.put(String(marks.failed), x: area.x, y: y, style: Style(.failed, bold: true, reverse: isCursor), limit: 1)
        }
      }
    }
  }
}

extension String {
  /// The string padded with spaces on the right to `width` (never cut).
  func padding(_ width: Int) -> String {
    self + String(repeating: " ", count: max(0, width - count))
  }
  /// The string padded with spaces on the left to `width` (never cut).
  func leftPadding(_ width: Int) -> String {
    String(repeating: " ", count: max(0, width - count)) + self
  }
}
