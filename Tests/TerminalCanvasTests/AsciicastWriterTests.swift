import Foundation
import TerminalCanvas
import Testing

@Suite struct AsciicastWriterTests {
  static let hot = Role("hot", code: "h")
  let size = Size(width: 4, height: 2)

  func writer() -> AsciicastWriter {
    AsciicastWriter(size: size, title: "demo \"1\"", palette: Palette([Self.hot: Ink(.red)]))
  }

  func frame(_ text: String) -> Buffer {
    var buffer = Buffer(size: size)
    buffer.put(text, x: 0, y: 0)
    return buffer
  }

  func lines(_ writer: AsciicastWriter) -> [String] {
    writer.output.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
  }

  @Test func headerLineIsExact() {
    #expect(
      lines(writer()) == [
        #"{"version":2,"width":4,"height":2,"title":"demo \"1\"","env":{"TERM":"xterm-256color"}}"#,
        "",
      ])
  }

  @Test func firstFrameClearsTheScreenAndHidesTheCursor() {
    var recording = writer()
    recording.addFrame(frame("ab"), at: 0)
    #expect(lines(recording)[1] == #"[0.000000, "o", "\u001b[2J\u001b[H\u001b[1;1Hab\u001b[?25l"]"#)
  }

  @Test func identicalFrameAddsNoEvent() {
    var recording = writer()
    recording.addFrame(frame("ab"), at: 0)
    let before = recording.output
    recording.addFrame(frame("ab"), at: 1)
    #expect(recording.output == before)
  }

  @Test func changedCellIsReachedByACursorMove() {
    var recording = writer()
    recording.addFrame(frame("ab"), at: 0)
    var next = frame("ab")
    next.put("z", x: 2, y: 1, style: Style(Self.hot))
    recording.addFrame(next, at: 1.5)
    #expect(lines(recording)[2] == #"[1.500000, "o", "\u001b[2;3H\u001b[0;31mz\u001b[0m"]"#)
  }

  @Test func cursorIsShownWhereTheBufferWantsIt() {
    var recording = writer()
    var buffer = frame("ab")
    buffer.cursor = Point(x: 1, y: 0)
    recording.addFrame(buffer, at: 0)
    #expect(lines(recording)[1].hasSuffix(#"ab\u001b[1;2H\u001b[?25h"]"#))
    recording.addFrame(buffer, at: 1)
    #expect(lines(recording).count == 3, "an unchanged frame with an unchanged cursor adds nothing")
  }

  @Test func resizedFrameRepaintsFromAClearScreen() {
    var recording = writer()
    recording.addFrame(frame("ab"), at: 0)
    var wider = Buffer(size: Size(width: 5, height: 1))
    wider.put("ab", x: 0, y: 0)
    recording.addFrame(wider, at: 1)
    #expect(lines(recording)[2] == #"[1.000000, "o", "\u001b[2J\u001b[H\u001b[1;1Hab\u001b[?25l"]"#)
  }

  @Test func markersAndTimesKeepOrderAndSixDecimals() {
    var recording = writer()
    recording.addMarker("phase 1: collect", at: 2.0000004)
    recording.addMarker("back in time", at: 1)
    recording.addFrame(frame("a"), at: 12.3456789)
    let events = Array(lines(recording)[1...3])
    #expect(events[0] == #"[2.000000, "m", "phase 1: collect"]"#)
    #expect(events[1] == #"[2.000000, "m", "back in time"]"#)
    #expect(events[2].hasPrefix("[12.345679, \"o\", "))
  }

  @Test func everyLineIsJSON() throws {
    var recording = writer()
    var buffer = frame("a\"\\é")
    buffer.put("\t", x: 0, y: 1)
    recording.addFrame(buffer, at: 0)
    recording.addMarker("tab\there", at: 0.5)
    let lines = lines(recording).dropLast()
    #expect(lines.count == 3)
    for line in lines {
      let value = try JSONSerialization.jsonObject(with: Data(line.utf8))
      #expect(value is [String: Any] || value is [Any])
    }
    let event = try #require(
      try JSONSerialization.jsonObject(with: Data(lines[lines.startIndex + 1].utf8)) as? [Any])
    #expect(event[2] as? String == "\u{1B}[2J\u{1B}[H\u{1B}[1;1Ha\"\\é\u{1B}[2;1H\t\u{1B}[?25l")
  }
}
