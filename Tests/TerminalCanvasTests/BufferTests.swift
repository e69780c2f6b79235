import TerminalCanvas
import Testing

@Suite struct BufferTests {
  let hot = Role("hot", code: "h")

  @Test func putClipsTextStartingLeftOfTheBuffer() {
    var buffer = Buffer(size: Size(width: 3, height: 1))
    let end = buffer.put("abc", x: -1, y: 0)
    #expect(buffer.textLines() == ["bc"])
    #expect(end == 2)
  }

  @Test func putStopsAtTheRightEdgeAndAtTheLimit() {
    var buffer = Buffer(size: Size(width: 4, height: 2))
    #expect(buffer.put("abcdef", x: 1, y: 0) == 4)
    buffer.put("xyz", x: 0, y: 1, limit: 2)
    #expect(buffer.textLines() == [" abc", "xy"])
  }

  @Test func putOutsideTheRowsChangesNothing() {
    var buffer = Buffer(size: Size(width: 2, height: 1))
    buffer.put("a", x: 0, y: 1)
    buffer.put("a", x: 0, y: -1)
    #expect(buffer == Buffer(size: Size(width: 2, height: 1)))
  }

  @Test func emptyBufferAcceptsEveryWrite() {
    var buffer = Buffer(size: Size(width: 0, height: 0))
    buffer.put("abc", x: 0, y: 0)
    buffer[0, 0] = Cell("x")
    buffer.fill(Rect(x: -1, y: -1, width: 5, height: 5), with: Cell("#"))
    buffer.setStyle(Style(hot), in: Rect(x: 0, y: 0, width: 3, height: 3))
    #expect(buffer.textLines().isEmpty)
    #expect(buffer.cells.isEmpty)
  }

  @Test func fillAndSetStyleClipToTheBuffer() {
    var buffer = Buffer(size: Size(width: 3, height: 2))
    buffer.fill(Rect(x: 1, y: -1, width: 9, height: 2), with: Cell("#"))
    buffer.setStyle(Style(hot), in: Rect(x: -2, y: 1, width: 4, height: 9))
    #expect(buffer.textLines() == [" ##", ""])
    #expect(buffer.styleLines() == ["", "hh"])
  }

  @Test func styleLinesUpperCaseEmphasisAndTrimPlainCells() {
    var buffer = Buffer(size: Size(width: 5, height: 1))
    buffer.put("a", x: 0, y: 0, style: Style(hot))
    buffer.put("b", x: 1, y: 0, style: Style(hot).bolded())
    buffer.put("c", x: 2, y: 0)
    buffer.put("d", x: 3, y: 0, style: Style(hot).reversed())
    buffer.put("e", x: 4, y: 0)
    #expect(buffer.styleLines() == ["hH.H"])
    #expect(buffer.textLines() == ["abcde"])
  }
}
