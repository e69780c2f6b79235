/// The characters a box is drawn with: Unicode line drawing, or plain ASCII for terminals and
/// locales that cannot show it.
public struct BoxGlyphs: Hashable, Sendable {
  public let horizontal: Character
  public let vertical: Character
  public let topLeft: Character
  public let topRight: Character
  public let bottomLeft: Character
  public let bottomRight: Character

  public static let unicode = BoxGlyphs(
    horizontal: "─", vertical: "│", topLeft: "┌", topRight: "┐", bottomLeft: "└", bottomRight: "┘")
  public static let ascii = BoxGlyphs(
    horizontal: "-", vertical: "|", topLeft: "+", topRight: "+", bottomLeft: "+", bottomRight: "+")
}

extension Buffer {
  /// Draws a border around `rect` with an optional title in its top edge and returns the inside.
  @discardableResult
  public mutating func drawBox(
    _ rect: Rect, title: String? = nil, glyphs: BoxGlyphs, style: Style = .plain, titleStyle: Style? = nil
  ) -> Rect {
    guard rect.width >= 2, rect.height >= 2 else { return Rect(x: rect.x, y: rect.y, width: 0, height: 0) }
    for x in (rect.x + 1)..<(rect.maxX - 1) {
      self[x, rect.y] = Cell(glyphs.horizontal, style: style)
      self[x, rect.maxY - 1] = Cell(glyphs.horizontal, style: style)
    }
    for y in (rect.y + 1)..<(rect.maxY - 1) {
      self[rect.x, y] = Cell(glyphs.vertical, style: style)
      self[rect.maxX - 1, y] = Cell(glyphs.vertical, style: style)
    }
    self[rect.x, rect.y] = Cell(glyphs.topLeft, style: style)
    self[rect.maxX - 1, rect.y] = Cell(glyphs.topRight, style: style)
    self[rect.x, rect.maxY - 1] = Cell(glyphs.bottomLeft, style: style)
    self[rect.maxX - 1, rect.maxY - 1] = Cell(glyphs.bottomRight, style: style)
    if let title, rect.width > 4 {
      put(" \(title) ", x: rect.x + 1, y: rect.y, style: titleStyle ?? style, limit: rect.width - 2)
    }
    return rect.inset(by: 1)
  }
}
