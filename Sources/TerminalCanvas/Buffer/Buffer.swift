/// A screen's worth of cells that widgets draw into and backends show; it does no I/O.
/// Writes outside the buffer are clipped, so a widget can never crash on a small area.
public struct Buffer: Hashable, Sendable {
  public let width: Int
  public let height: Int
  public private(set) var cells: [Cell]
  /// Where the terminal's real cursor should sit (screen readers follow it), if anywhere.
  public var cursor: Point?
  /// Whether a wide glyph was ever written: until then a write has no neighbour to mend.
  private var holdsWideGlyphs = false

  public init(size: Size, fill: Cell = .blank) {
    width = size.width
    height = size.height
    cells = Array(repeating: fill, count: size.width * size.height)
  }

  public var size: Size { Size(width: width, height: height) }
  public var area: Rect { Rect(size: size) }

  /// A cell; outside the buffer, reads give a blank and writes are dropped, so a widget given
  /// an area that overhangs the buffer draws what fits.
  public subscript(x: Int, y: Int) -> Cell {
    get { x >= 0 && y >= 0 && x < width && y < height ? cells[y * width + x] : .blank }
    set {
      guard x >= 0, y >= 0, x < width, y < height else { return }
      store(newValue, at: x, y)
    }
  }

  /// Writes a one-column cell, blanking the other half of any wide glyph it overwrites part of.
  private mutating func store(_ cell: Cell, at x: Int, _ y: Int) {
    let index = y * width + x
    if holdsWideGlyphs {
      if cells[index].isWideTail, x > 0 { cells[index - 1].symbol = " " }
      if x + 1 < width, cells[index + 1].isWideTail, !cells[index].isWideTail { cells[index + 1].symbol = " " }
    }
    cells[index] = cell
  }

  /// Sets the style of every cell in `rect` without changing the glyphs.
  public mutating func setStyle(_ style: Style, in rect: Rect) {
    let clipped = rect.intersection(area)
    for y in clipped.y..<clipped.maxY {
      for x in clipped.x..<clipped.maxX { cells[y * width + x].style = style }
    }
  }

  /// Fills `rect` with `cell`.
  public mutating func fill(_ rect: Rect, with cell: Cell = .blank) {
    let clipped = rect.intersection(area)
    for y in clipped.y..<clipped.maxY {
      for x in clipped.x..<clipped.maxX { cells[y * width + x] = cell }
    }
  }

  /// Writes `text` from (x, y) rightwards, at most `limit` cells (default: to the edge of the
  /// buffer), and returns the column after the last cell written. A wide character takes two
  /// cells, and one that would not fit whole is not written.
  @discardableResult
  public mutating func put(_ text: String, x: Int, y: Int, style: Style = .plain, limit: Int? = nil) -> Int {
    guard y >= 0, y < height else { return x }
    let end = min(width, limit.map { x + max(0, $0) } ?? width)
    var column = x
    for character in text {
      let columns = character.terminalColumns
      if column + columns > end { break }
      if column >= 0 { store(Cell(character, style: style), at: column, y) }
      if columns == 2, column + 1 >= 0 {
        holdsWideGlyphs = true
        store(Cell(Cell.wideTail.symbol, style: style), at: column + 1, y)
      }
      column += columns
    }
    return column
  }

  /// The text layer: one string per row, trailing blanks trimmed.
  public func textLines() -> [String] {
    (0..<height).map { y in
      var line = String(cells[(y * width)..<(y * width + width)].filter { !$0.isWideTail }.map(\.symbol))
      while line.last == " " { line.removeLast() }
      return line
    }
  }

  /// The style layer: one role code per cell (upper-cased when bold or reversed), trailing
  /// plain cells trimmed, so style regressions show up as text diffs.
  public func styleLines() -> [String] {
    (0..<height).map { y in
      var line = String(
        cells[(y * width)..<(y * width + width)].filter { !$0.isWideTail }.map { cell in
          let code = cell.style.role.code
          return cell.style.bold || cell.style.reverse ? Character(code.uppercased()) : code
        })
      while line.last == Role.plain.code { line.removeLast() }
      return line
    }
  }
}
