import TerminalCanvas

/// Where the panes go in the projector layout (`--present`): header and timeline bar on top,
/// then the memory grid and the migrate arrays across the full width, and the caption at the
/// bottom, as tall as its text needs (up to two fifths of the screen). No footer: `?` shows
/// the keys.
struct PresentLayout {
  var header = Rect(x: 0, y: 0, width: 0, height: 0)
  var bar = Rect(x: 0, y: 0, width: 0, height: 0)
  var grid = Rect(x: 0, y: 0, width: 0, height: 0)
  var arrays = Rect(x: 0, y: 0, width: 0, height: 0)
  var caption = Rect(x: 0, y: 0, width: 0, height: 0)

  /// Lays out `size` for a caption that wants `captionHeight` rows (borders included).
  init(size: Size, captionHeight: Int) {
    var rest = Rect(size: size)
    (header, rest) = rest.splitTop(1)
    (bar, rest) = rest.splitTop(1)
    let body = rest.height
    (rest, caption) = rest.splitBottom(min(max(4, captionHeight), body * 2 / 5))
    (grid, arrays) = rest.splitTop(rest.height * 11 / 20)
  }
}
