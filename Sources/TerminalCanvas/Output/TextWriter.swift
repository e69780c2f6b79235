/// Renders a buffer as plain text: one line per row, trailing blanks trimmed, no styles.
public struct TextWriter: Sendable {
  public init() {}

  /// The buffer's text layer, rows joined by "\n" (no newline after the last row).
  public func render(_ buffer: Buffer) -> String {
    buffer.textLines().joined(separator: "\n")
  }
}
