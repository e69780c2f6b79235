import CNcursesw
import TerminalCanvas

/// Turns styles into ncurses attributes and colour pairs for the terminal's colour support,
/// caching one pair per role so drawing a frame asks ncurses for nothing new.
struct Renditions {
  /// The attributes and colour pair (0: the terminal's own colours) that draw one style.
  struct Rendition {
    var attributes: attr_t
    var pair: Int32
  }

  private let palette: Palette
  /// The colours the terminal has, 0 when it has none (or colour calls would crash, e.g. vt100).
  private let colorCount: Int
  /// Whether -1 may stand for the terminal's own foreground or background.
  private let hasDefaultColors: Bool
  private var pairs: [Role: Int32] = [:]

  /// Starts ncurses colour support when the terminal has it; call after newterm.
  init(palette: Palette) {
    self.palette = palette
    guard has_colors() else {
      colorCount = 0
      hasDefaultColors = false
      return
    }
    start_color()
    hasDefaultColors = use_default_colors() == OK
    colorCount = Int(cn_colors())
  }

  mutating func rendition(for style: Style) -> Rendition {
    let ink = palette.ink(for: style.role)
    var attributes = cn_attr_normal
    if style.bold || ink.bold { attributes |= cn_attr_bold }
    if style.dim { attributes |= cn_attr_dim }
    if style.underline { attributes |= cn_attr_underline }
    if style.reverse { attributes |= cn_attr_reverse }
    return Rendition(attributes: attributes, pair: pair(for: style.role, ink: ink))
  }

  private mutating func pair(for role: Role, ink: Ink) -> Int32 {
    if let known = pairs[role] { return known }
    let foreground = number(of: ink.foreground, fallback: COLOR_WHITE)
    let background = number(of: ink.background, fallback: COLOR_BLACK)
    let plain =
      ink.foreground.reduced(toColorCount: colorCount) == .terminalDefault
      && ink.background.reduced(toColorCount: colorCount) == .terminalDefault
    // alloc_pair reuses the pair of an equal (foreground, background); -1 means none left.
    let pair = plain ? 0 : max(0, alloc_pair(foreground, background))
    pairs[role] = pair
    return pair
  }

  /// The ncurses colour number of `color` on this terminal; `fallback` stands for the terminal's
  /// own colour when the terminal cannot keep it (no use_default_colors).
  private func number(of color: Color, fallback: Int32) -> Int32 {
    guard let index = color.reduced(toColorCount: colorCount).index else {
      return hasDefaultColors ? -1 : fallback
    }
    return Int32(index)
  }
}
