import TerminalCanvas
import Testing

@Suite struct BoxTests {
  @Test(arguments: [Size(width: 0, height: 0), Size(width: 1, height: 1)])
  func tooSmallBoxesDrawNothing(size: Size) {
    var buffer = Buffer(size: Size(width: 3, height: 3))
    let inside = buffer.drawBox(
      Rect(x: 1, y: 1, width: size.width, height: size.height), glyphs: .unicode)
    #expect(inside.isEmpty)
    #expect(buffer == Buffer(size: Size(width: 3, height: 3)))
  }

  @Test func boxInAnEmptyBuffer() {
    var buffer = Buffer(size: Size(width: 0, height: 0))
    #expect(
      buffer.drawBox(Rect(x: 0, y: 0, width: 4, height: 4), title: "t", glyphs: .unicode)
        == Rect(x: 1, y: 1, width: 2, height: 2))
    #expect(buffer.cells.isEmpty)
  }

  @Test func twoByTwoBoxIsOnlyCorners() {
    var buffer = Buffer(size: Size(width: 2, height: 2))
    let inside = buffer.drawBox(buffer.area, title: "long title", glyphs: .unicode)
    #expect(buffer.textLines() == ["┌┐", "└┘"])
    #expect(inside.isEmpty)
  }

  @Test func titledBoxReturnsItsInside() {
    var buffer = Buffer(size: Size(width: 7, height: 4))
    let inside = buffer.drawBox(
      Rect(x: 0, y: 0, width: 6, height: 4), title: "ab", glyphs: .unicode)
    #expect(buffer.textLines() == ["┌ ab ┐", "│    │", "│    │", "└────┘"])
    #expect(inside == Rect(x: 1, y: 1, width: 4, height: 2))
  }

  @Test func longTitleIsCutInsideTheCorners() {
    var buffer = Buffer(size: Size(width: 7, height: 3))
    buffer.drawBox(buffer.area, title: "abcdefgh", glyphs: .ascii)
    #expect(buffer.textLines() == ["+ abcd+", "|     |", "+-----+"])
  }

  @Test func boxPartlyOutsideTheBufferIsClipped() {
    var buffer = Buffer(size: Size(width: 3, height: 2))
    buffer.drawBox(Rect(x: -1, y: 0, width: 3, height: 5), glyphs: .ascii)
    #expect(buffer.textLines() == ["-+", " |"])
  }

  @Test(arguments: [BoxGlyphs.unicode, BoxGlyphs.ascii])
  func everyGlyphIsOneColumnWide(glyphs: BoxGlyphs) {
    let all = [
      glyphs.horizontal, glyphs.vertical, glyphs.topLeft, glyphs.topRight, glyphs.bottomLeft,
      glyphs.bottomRight,
    ]
    for glyph in all {
      // One scalar from printable ASCII or the box-drawing block: never wide, never combining.
      #expect(glyph.unicodeScalars.count == 1)
      let value = glyph.unicodeScalars.first?.value ?? 0
      #expect((0x20...0x7E).contains(value) || (0x2500...0x257F).contains(value), "\(glyph)")
    }
  }
}
