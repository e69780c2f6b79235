/// Greedy word wrapping: words move whole to the next line, and only a word longer than the
/// width is split, across as many lines as it needs, so no character is ever lost at an edge.
enum WordWrap {
  static func lines(_ text: String, width: Int) -> [String] {
    guard width > 0 else { return [] }
    var lines: [String] = []
    for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
      var line = ""
      for word in paragraph.split(separator: " ") {
        if line.isEmpty {
          line = String(word)
        } else if line.count + 1 + word.count <= width {
          line += " " + word
        } else {
          lines.append(line)
          line = String(word)
        }
        while line.count > width {
          lines.append(String(line.prefix(width)))
          line = String(line.dropFirst(width))
        }
      }
      lines.append(line)
    }
    return lines
  }
}
