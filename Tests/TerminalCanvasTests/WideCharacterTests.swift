import Testing

@testable import TerminalCanvas

/// A wide glyph (CJK, full-width, emoji) takes two cells, so a row never prints wider than the
/// buffer, whatever the text.
@Suite struct WideCharacterTests {
  @Test func aWideCharacterTakesTwoCells() {
    var buffer = Buffer(size: Size(width: 6, height: 1))
    #expect(buffer.put("aプロb", x: 0, y: 0) == 6)
    #expect(buffer[1, 0].symbol == "プ" && buffer[2, 0].isWideTail)
    #expect(buffer.textLines() == ["aプロb"])
    #expect(ANSIWriter(palette: .init()).render(buffer) == "aプロb")
  }

  @Test func aWideCharacterThatDoesNotFitIsLeftOut() {
    var buffer = Buffer(size: Size(width: 4, height: 1))
    #expect(buffer.put("abプ", x: 0, y: 0) == 4)
    #expect(buffer.put("xプロ", x: 0, y: 0, limit: 4) == 3)
    #expect(buffer.textLines() == ["xプ"])
  }

  @Test func overwritingHalfAWideGlyphBlanksTheOtherHalf() {
    var buffer = Buffer(size: Size(width: 4, height: 1))
    buffer.put("プロ", x: 0, y: 0)
    buffer[1, 0] = Cell("|")
    #expect(buffer.textLines() == [" |ロ"])
    buffer.put("x", x: 2, y: 0)
    #expect(buffer.textLines() == [" |x"])
    #expect(!buffer.cells.contains { $0.isWideTail })
  }

  @Test func widths() {
    #expect(Character("a").terminalColumns == 1 && Character("é").terminalColumns == 1 && Character("→").terminalColumns == 1)
    #expect(Character("中").terminalColumns == 2 && Character("Ａ").terminalColumns == 2 && Character("🙂").terminalColumns == 2)
  }
}
