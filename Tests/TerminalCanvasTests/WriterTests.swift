import TerminalCanvas
import Testing

@Suite struct WriterTests {
  static let hot = Role("hot", code: "h")
  static let deep = Role("deep", code: "d")
  let palette = Palette([hot: Ink(.red, bold: true), deep: Ink(.indexed(208), on: .indexed(17))])

  /// "abb" with the b's hot on the first row; a lone reversed blank on the second.
  func sample() -> Buffer {
    var buffer = Buffer(size: Size(width: 5, height: 2))
    buffer.put("a", x: 0, y: 0)
    buffer.put("bb", x: 1, y: 0, style: Style(Self.hot))
    buffer[1, 1] = Cell(" ", style: Style.plain.reversed())
    return buffer
  }

  @Test func textWriterTrimsRowsAndJoinsThem() {
    var buffer = sample()
    buffer.put("x", x: 4, y: 1)
    #expect(TextWriter().render(buffer) == "abb\n    x")
  }

  @Test func ansiWriterEmitsEscapesOnlyWhereTheLookChanges() {
    let expected = "a\u{1B}[0;1;31mbb\u{1B}[0m\n \u{1B}[0;7m \u{1B}[0m"
    #expect(ANSIWriter(palette: palette).render(sample()) == expected)
  }

  @Test func ansiWriterUses256ColourCodesAndStyleAttributes() {
    var buffer = Buffer(size: Size(width: 2, height: 1))
    buffer[0, 0] = Cell("x", style: Style(Self.deep, underline: true, dim: true))
    #expect(
      ANSIWriter(palette: palette).render(buffer) == "\u{1B}[0;2;4;38;5;208;48;5;17mx\u{1B}[0m")
  }

  @Test func ansiWriterWithMonochromeKeepsOnlyAttributes() {
    #expect(ANSIWriter(palette: .monochrome).render(sample()) == "abb\n \u{1B}[0;7m \u{1B}[0m")
  }

  @Test func writersRenderAnEmptyBufferAsNothing() {
    let empty = Buffer(size: Size(width: 0, height: 0))
    #expect(TextWriter().render(empty) == "")
    #expect(ANSIWriter(palette: palette).render(empty) == "")
  }
}
