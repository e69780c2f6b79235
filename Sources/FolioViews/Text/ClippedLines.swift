import TerminalCanvas

/// Styled lines for a pane that may be too short for them: as many as fit, the last row then
/// saying how many more there are (and, with a hint, how to see them), so a pane never cuts
/// text silently.
enum ClippedLines {
  static func fit(_ lines: [(String, Style)], height: Int, hint: String?) -> [(String, Style)] {
    guard lines.count > height, height > 0 else { return lines }
    let hidden = lines.count - height + 1
    let note = "… \(hidden) more line\(hidden == 1 ? "" : "s")" + (hint.map { ": \($0)" } ?? "")
    return Array(lines.prefix(height - 1)) + [(note, Style(.key))]
  }
}
