import TerminalCanvas

extension Buffer {
  /// Draws a pane's frame in the theme's box glyphs and returns its inside; a focused pane's
  /// title is bold and reversed, so focus shows without colour, and its frame is drawn bold in
  /// the key colour, so it shows at a glance.
  mutating func drawPane(_ area: Rect, title: String, theme: Theme, focused: Bool = false) -> Rect {
    drawBox(
      area, title: title, glyphs: theme.box, style: Style(focused ? .key : .border, bold: focused),
      titleStyle: Style(.heading, bold: focused, reverse: focused))
  }
}
