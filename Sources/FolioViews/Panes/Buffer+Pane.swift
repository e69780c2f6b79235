import TerminalCanvas

extension Buffer {
  /// Draws a pane's frame in the theme's box glyphs and returns its inside; a focused pane's
  /// title is bold and reversed, so focus shows without colour.
  mutating func drawPane(_ area: Rect, title: String, theme: Theme, focused: Bool = false) -> Rect {
    drawBox(
      area, title: title, glyphs: theme.box, style: Style(.border),
      titleStyle: Style(.heading, bold: focused, reverse: focused))
  }
}
