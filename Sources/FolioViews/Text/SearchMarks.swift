import TerminalCanvas

extension Buffer {
  /// Shows every match of `term` (ignoring case) inside `rect` in reverse video, as a pager
  /// marks what `/` found. A match must lie on one row: wrapped text splits a phrase across
  /// rows, and those halves are left alone.
  mutating func markMatches(of term: String, in rect: Rect) {
    let needle = term.map { $0.lowercased() }
    guard !needle.isEmpty else { return }
    for y in rect.y..<rect.maxY {
      // The row's glyphs, each with its column (a wide glyph's second column has none).
      let glyphs = (rect.x..<rect.maxX).compactMap { x in self[x, y].isWideTail ? nil : (x, self[x, y].symbol) }
      let text = glyphs.map { $0.1.lowercased() }
      var start = 0
      while start + needle.count <= text.count {
        guard text[start..<(start + needle.count)].elementsEqual(needle) else {
          start += 1
          continue
        }
        for (x, _) in glyphs[start..<(start + needle.count)] {
          self[x, y].style.reverse = true
        }
        start += needle.count
      }
    }
  }
}
