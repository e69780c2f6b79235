/// The Select Graphic Rendition parameters that draw a style with a palette; two styles that
/// look the same on screen have equal SGRs, so writers emit escapes only when the look changes.
struct SGR: Equatable {
  let parameters: [String]

  static let plain = SGR(parameters: [])

  init(parameters: [String]) { self.parameters = parameters }

  init(_ style: Style, palette: Palette) {
    let ink = palette.ink(for: style.role)
    var parameters: [String] = []
    if style.bold || ink.bold { parameters.append("1") }
    if style.dim { parameters.append("2") }
    if style.underline { parameters.append("4") }
    if style.reverse { parameters.append("7") }
    if let code = SGR.colorCode(ink.foreground, base: 30, extended: 38) { parameters.append(code) }
    if let code = SGR.colorCode(ink.background, base: 40, extended: 48) { parameters.append(code) }
    self.parameters = parameters
  }

  /// The escape that switches from any state to this one (it always resets first, so it never
  /// depends on what was emitted before).
  var escape: String { "\u{1B}[" + (["0"] + parameters).joined(separator: ";") + "m" }

  private static func colorCode(_ color: Color, base: Int, extended: Int) -> String? {
    switch color {
    case .terminalDefault: nil
    case .indexed(let index): "\(extended);5;\(index)"
    default: color.index.map { "\(base + Int($0))" }
    }
  }
}

/// Accumulates styled text, emitting an SGR escape only when the look changes.
struct StyledTextBuilder {
  private(set) var text = ""
  private var current = SGR.plain
  let palette: Palette

  init(palette: Palette) { self.palette = palette }

  mutating func append(_ cell: Cell) {
    let wanted = SGR(cell.style, palette: palette)
    if wanted != current {
      text += wanted.escape
      current = wanted
    }
    text.append(cell.symbol)
  }

  mutating func append(raw: String) { text += raw }

  /// Returns to the plain look so the next line or event starts from a known state.
  mutating func reset() {
    if current != .plain { text += SGR.plain.escape }
    current = .plain
  }
}
