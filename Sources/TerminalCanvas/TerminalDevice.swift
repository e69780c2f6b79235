/// A place that shows buffers and reports input: the real terminal, or a test double.
public protocol TerminalDevice: AnyObject {
  /// The current size in cells.
  var size: Size { get }
  /// Shows `buffer` (and places the cursor at `buffer.cursor`, if any).
  func draw(_ buffer: Buffer)
  /// Waits up to `timeoutMilliseconds` (forever when nil) for the next event; nil on timeout.
  func nextEvent(timeoutMilliseconds: Int?) -> InputEvent?
}
