import TerminalCanvas

extension Buffer {
  /// ASCII stand-ins for the few other characters pane text uses (arrows in key names, `×`,
  /// `–`, `·`), so an `--ascii` screen holds nothing a non-UTF-8 terminal would garble.
  static let asciiFolds: [Character: Character] = [
    "→": ">", "←": "<", "↑": "^", "↓": "v", "×": "x", "–": "-", "·": "|", "…": ".", "•": "*",
    "▶": ">",
  ]

  /// Replaces every non-ASCII glyph by its stand-in, or `?` when it has none.
  mutating func foldToASCII() {
    for y in 0..<height {
      for x in 0..<width where !self[x, y].symbol.isASCII {
        self[x, y].symbol = Self.asciiFolds[self[x, y].symbol] ?? "?"
      }
    }
  }
}
