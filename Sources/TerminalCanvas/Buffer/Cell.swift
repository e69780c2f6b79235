/// One terminal cell: a single-column glyph and its style.
public struct Cell: Hashable, Sendable {
  public var symbol: Character
  public var style: Style

  public init(_ symbol: Character = " ", style: Style = .plain) {
    self.symbol = symbol
    self.style = style
  }

  public static let blank = Cell()
}
