/// Builds an asciicast v2 recording (asciinema's format) from buffers: each frame becomes one
/// output event holding only the escapes that repaint the cells that changed since the previous
/// frame, and markers become chapter events. The output is deterministic: same calls, same bytes.
public struct AsciicastWriter: Sendable {
  public let size: Size
  public let title: String
  public let palette: Palette
  private var events: [String] = []
  private var previous: Buffer?
  /// The cursor as the player shows it: nil until the first frame sets it explicitly.
  private var shownCursor: CursorState?
  private var lastTime = 0.0

  public init(size: Size, title: String, palette: Palette) {
    self.size = size
    self.title = title
    self.palette = palette
  }

  /// Records `buffer` as the screen from `seconds` on. A frame identical to the previous one adds
  /// no event. Times earlier than an earlier call are raised to it, so events stay in order.
  public mutating func addFrame(_ buffer: Buffer, at seconds: Double) {
    var builder = StyledTextBuilder(palette: palette)
    let base: Buffer
    if let previous, previous.size == buffer.size {
      base = previous
    } else {
      // First frame, or the size changed: start from a cleared screen.
      builder.append(raw: "\u{1B}[2J\u{1B}[H")
      base = Buffer(size: buffer.size)
      shownCursor = nil
    }
    appendChanges(from: base, to: buffer, into: &builder)
    builder.reset()
    appendCursor(of: buffer, into: &builder)
    previous = buffer
    if !builder.text.isEmpty { appendEvent(at: seconds, code: "o", data: builder.text) }
  }

  /// Adds a marker (a chapter in asciinema's player) labelled `label` at `seconds`.
  public mutating func addMarker(_ label: String, at seconds: Double) {
    appendEvent(at: seconds, code: "m", data: label)
  }

  /// The recording: the header line, then one line per event, each ending in "\n".
  public var output: String {
    let header =
      "{\"version\":2,\"width\":\(size.width),\"height\":\(size.height),"
      + "\"title\":\(JSONText.quoted(title)),\"env\":{\"TERM\":\"xterm-256color\"}}"
    return ([header] + events).map { $0 + "\n" }.joined()
  }

  /// Appends a cursor move plus the styled cells for every run of changed cells in each row.
  private func appendChanges(
    from old: Buffer, to new: Buffer, into builder: inout StyledTextBuilder
  ) {
    for y in 0..<new.height {
      var x = 0
      while x < new.width {
        guard old[x, y] != new[x, y] else {
          x += 1
          continue
        }
        builder.append(raw: Self.moveTo(x: x, y: y))
        while x < new.width, old[x, y] != new[x, y] {
          builder.append(new[x, y])
          x += 1
        }
      }
    }
  }

  /// Shows the cursor where the buffer wants it (screen readers follow it), or hides it.
  private mutating func appendCursor(of buffer: Buffer, into builder: inout StyledTextBuilder) {
    let wanted: CursorState =
      if let point = buffer.cursor, buffer.area.contains(x: point.x, y: point.y) { .at(point) } else
      { .hidden }
    // Any cell output moved the real cursor, so a visible one must be placed again after it.
    let moved = !builder.text.isEmpty
    switch wanted {
    case .at(let point) where wanted != shownCursor || moved:
      builder.append(raw: Self.moveTo(x: point.x, y: point.y) + "\u{1B}[?25h")
    case .hidden where wanted != shownCursor:
      builder.append(raw: "\u{1B}[?25l")
    default: break
    }
    shownCursor = wanted
  }

  private enum CursorState: Equatable, Sendable {
    case hidden
    case at(Point)
  }

  private mutating func appendEvent(at seconds: Double, code: String, data: String) {
    lastTime = max(lastTime, seconds)
    events.append("[\(JSONText.seconds(lastTime)), \"\(code)\", \(JSONText.quoted(data))]")
  }

  private static func moveTo(x: Int, y: Int) -> String { "\u{1B}[\(y + 1);\(x + 1)H" }
}
