import TerminalCanvas

extension Buffer {
  /// ASCII stand-ins for the few other characters pane text uses (arrows in key names, `×`,
  /// `–`, `·`, the dashes, quotes and relations of the explanations and summaries), so an
  /// `--ascii` screen holds nothing a non-UTF-8 terminal would garble.
  static let asciiFolds: [Character: Character] = [
    "→": ">", "←": "<", "↑": "^", "↓": "v", "×": "x", "–": "-", "—": "-", "−": "-", "·": "|", "…": ".",
    "•": "*", "▶": ">", "⇒": ">", "≤": "<", "≥": ">", "✗": "x", "═": "=", "\u{201C}": "\"", "\u{201D}": "\"",
    "\u{2019}": "'",
  ]

  /// Replaces every non-ASCII glyph by its stand-in, or `?` when it has none.
  mutating func foldToASCII() {
    for y in 0..<height {
      for x in 0..<width where !self[x, y].symbol.isASCII || self[x, y].isWideTail {
        self[x, y].symbol = self[x, y].isWideTail ? " " : Self.asciiFolds[self[x, y].symbol] ?? "?"
      }
    }
  }
}
