/// Greedy word wrapping: words move whole to the next line, and only a word longer than the
/// width is split, across as many lines as it needs, so no character is ever lost at an edge.
/// Such a word (a kernel call with its arguments, say) is split after a `(`, `,` or `/` in the
/// second half of the line, else after a `_` or `-` there, so identifiers stay whole where they can.
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
        } else if line.count + 1 + word.count <= width {
          line += " " + word
        } else {
          lines.append(line)
          line = String(word)
        }
        while line.count > width {
          let head = line.prefix(width)
          let cuts = Self.breaks.compactMap { set in
            head.lastIndex { set.contains($0) }.map { head.distance(from: head.startIndex, to: $0) + 1 }
          }
          let at = cuts.first { $0 > width / 2 } ?? width
          lines.append(String(line.prefix(at)))
          line = String(line.dropFirst(at))
        }
      }
      lines.append(line)
    }
    return lines
  }
}
