import TerminalCanvas

/// Styled lines for a pane that may be too short for them: as many as fit, the last row then
/// saying how many more there are (and, with a hint, how to see them), so a pane never cuts
/// text silently. A blank line that would end the shown part gives its row to the next line.
enum ClippedLines {
  static func fit(_ lines: [(String, Style)], height: Int, hint: String?) -> [(String, Style)] {
    guard lines.count > height, height > 0 else { return lines }
    var shown = Array(lines.prefix(height - 1))
    var next = shown.count
    if let last = shown.last, last.0.isEmpty {
      shown[shown.count - 1] = lines[next]
      next += 1
    }
    let hidden = lines.count - next
    guard hidden > 0 else { return shown }
    let note = "… \(hidden) more line\(hidden == 1 ? "" : "s")" + (hint.map { ": \($0)" } ?? "")
    return shown + [(note, Style(.key))]
  }
}
