/// A place that shows buffers and reports input: the real terminal, or a test double.
public protocol TerminalDevice: AnyObject {
  /// The current size in cells.
  var size: Size { get }
  /// Shows `buffer` (and places the cursor at `buffer.cursor`, if any).
  func draw(_ buffer: Buffer)
  /// Waits up to `timeoutMilliseconds` (forever when nil) for the next event; nil on timeout.
  func nextEvent(timeoutMilliseconds: Int?) -> InputEvent?
  /// Makes the next `draw` repaint every cell, for when the screen was garbled (Ctrl-L).
  func invalidate()
}

extension TerminalDevice {
  /// Devices that cannot be garbled (test doubles, writers) have nothing to repaint.
  public func invalidate() {}
}
