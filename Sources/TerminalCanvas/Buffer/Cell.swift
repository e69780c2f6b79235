/// One terminal cell: a single-column glyph and its style. A wide glyph (two columns) sits in
/// its first cell, and the second holds `wideTail`, which writers skip.
public struct Cell: Hashable, Sendable {
  public var symbol: Character
  public var style: Style

  public init(_ symbol: Character = " ", style: Style = .plain) {
    self.symbol = symbol
    self.style = style
  }

  public static let blank = Cell()

  /// The second column of a wide glyph: shows nothing of its own.
  public static let wideTail = Cell("\u{0}")

  public var isWideTail: Bool { symbol.asciiValue == 0 }
}
