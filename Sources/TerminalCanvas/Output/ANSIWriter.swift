/// Renders a buffer as text with ANSI SGR escapes (for `less -R`, CI logs and handouts).
/// Escapes are emitted only where the look changes, and every styled line ends with a reset.
public struct ANSIWriter: Sendable {
  public let palette: Palette

  public init(palette: Palette) { self.palette = palette }

  /// One line per row joined by "\n"; trailing blank cells that would show nothing are trimmed.
  public func render(_ buffer: Buffer) -> String {
    (0..<buffer.height).map { y in
      var line = StyledTextBuilder(palette: palette)
      for x in 0..<visibleWidth(of: y, in: buffer) {
        let cell = buffer[x, y]
        if !cell.isWideTail { line.append(cell) }
      }
      line.reset()
      return line.text
    }.joined(separator: "\n")
  }

  /// The number of leading cells of row `y` up to the last one that shows anything.
  private func visibleWidth(of y: Int, in buffer: Buffer) -> Int {
    var width = buffer.width
    while width > 0 {
      let cell = buffer[width - 1, y]
      if (cell.symbol != " " && !cell.isWideTail) || SGR(cell.style, palette: palette) != .plain { break }
      width -= 1
    }
    return width
  }
}
