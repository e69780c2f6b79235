import TerminalCanvas

/// Where the panes go in the projector layout (`--present`): header and timeline bar on top,
/// then the memory grid across the full width, the migrate arrays beside the page tables (the
/// captions speak of PTEs), and the caption at the bottom, as tall as the run's tallest caption (up to
/// two fifths of the screen). No footer: `?` shows the keys.
struct PresentLayout {
  var header = Rect(x: 0, y: 0, width: 0, height: 0)
  var bar = Rect(x: 0, y: 0, width: 0, height: 0)
  var grid = Rect(x: 0, y: 0, width: 0, height: 0)
  var arrays = Rect(x: 0, y: 0, width: 0, height: 0)
  var pageTables = Rect(x: 0, y: 0, width: 0, height: 0)
  var caption = Rect(x: 0, y: 0, width: 0, height: 0)

  /// The arrays' columns (address, src, dst and their flags) fit in this many.
  static let arraysWidth = 44

  /// The most rows the caption may take at `size` (borders included): two fifths of the screen
  /// below the header and the timeline bar.
  static func captionCap(_ size: Size) -> Int { max(0, size.height - 2) * 2 / 5 }

  /// Lays out `size` for a caption that wants `captionHeight` rows and a grid that wants
  /// `gridHeight` (borders included): the grid takes up to eleven twentieths of what is left,
  /// no more than it fills, and the arrays and page tables the rest.
  init(size: Size, captionHeight: Int, gridHeight: Int = .max) {
    var rest = Rect(size: size)
    (header, rest) = rest.splitTop(1)
    (bar, rest) = rest.splitTop(1)
    (rest, caption) = rest.splitBottom(min(max(4, captionHeight), Self.captionCap(size)))
    (grid, rest) = rest.splitTop(min(rest.height * 11 / 20, gridHeight))
    // The arrays get their columns whole; the page tables keep at least 36 (compact kinds).
    (arrays, pageTables) = rest.splitLeft(min(Self.arraysWidth, max(rest.width / 2, rest.width - 36)))
  }
}
