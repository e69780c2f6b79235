import TerminalCanvas

/// Greedy word wrapping: words move whole to the next line, and only a word longer than the
/// width is split, across as many lines as it needs, so no character is ever lost at an edge.
/// Such a word (a kernel call with its arguments, say) is split after a `(`, `,` or `/` in the
/// second half of the line, else after a `_` or `-` there, so identifiers stay whole where they can.
/// Widths are terminal columns: a wide (CJK) character counts two.
enum WordWrap {
  /// Characters after which a word longer than the line may be split, the first set preferred.
  static let breaks: [Set<Character>] = [["(", ",", "/"], ["_", "-"]]

  static func lines(_ text: String, width: Int) -> [String] {
    guard width > 0 else { return [] }
    var lines: [String] = []
    for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
      var line = ""
      for word in paragraph.split(separator: " ") {
        if line.isEmpty {
          line = String(word)
        } else if columns(line) + 1 + columns(word) <= width {
          line += " " + word
        } else {
          lines.append(line)
          line = String(word)
        }
        while columns(line) > width {
          let head = prefix(of: line, columns: width)
          let cuts = Self.breaks.compactMap { set in
            head.lastIndex { set.contains($0) }.map { head.distance(from: head.startIndex, to: $0) + 1 }
          }
          let at = cuts.first { $0 > head.count / 2 } ?? head.count
          lines.append(String(line.prefix(at)))
          line = String(line.dropFirst(at))
        }
      }
      // (A last word split to its end, as wide characters in a narrow line can be, leaves nothing.)
      if !line.isEmpty || !paragraph.contains(where: { $0 != " " }) { lines.append(line) }
    }
    return lines
  }

  /// The terminal columns `text` takes.
  static func columns<Text: StringProtocol>(_ text: Text) -> Int { text.reduce(0) { $0 + $1.terminalColumns } }

  /// The longest start of `line` that fits `width` columns (at least one character, so a wide
  /// character in a one-column line still moves on).
  private static func prefix(of line: String, columns width: Int) -> Substring {
    var used = 0
    var end = line.startIndex
    for character in line {
      used += character.terminalColumns
      if used > width && end > line.startIndex { break }
      end = line.index(after: end)
      if used >= width { break }
    }
    return line[..<end]
  }
}
