import TerminalCanvas

/// How folioscope looks: a palette (colours per role), box glyphs and marks. Meaning never rests
/// on colour alone, so the `mono` theme (an empty palette) shows everything the others do.
public struct Theme: Sendable {
  public var name: String
  public var palette: Palette
  public var box: BoxGlyphs
  public var marks: Marks
  /// Draw only ASCII: boxes, marks, and any other character folded to a plain stand-in.
  public var isASCII: Bool

  public init(name: String, palette: Palette, ascii: Bool = false) {
    self.name = name
    self.palette = palette
    isASCII = ascii
    box = ascii ? .ascii : .unicode
    marks = ascii ? .ascii : .unicode
  }

  /// The same theme drawn with ASCII boxes and marks (`--ascii`, or a non-UTF-8 locale).
  public func ascii() -> Theme { Theme(name: name, palette: palette, ascii: true) }

  /// The themes `--theme` accepts, by name.
  public static func named(_ name: String) -> Theme? {
    switch name {
    case "dark": .dark
    case "light": .light
    case "mono": .mono
    case "contrast": .contrast
    default: nil
    }
  }

  public static let themeNames = ["dark", "light", "mono", "contrast"]

  /// For terminals with a dark background: bright foregrounds on the terminal's own background.
  public static let dark = Theme(
    name: "dark",
    palette: Palette([
      .free: Ink(.indexed(240)), .anon: Ink(.green), .file: Ink(.blue), .zero: Ink(.white),
      .devicePrivate: Ink(.magenta), .deviceCoherent: Ink(.cyan), .allocated: Ink(.yellow),
      .locked: Ink(.red, bold: true), .isolated: Ink(.yellow), .pinned: Ink(.red),
      .migrationSource: Ink(.yellow, bold: true), .destination: Ink(.cyan, bold: true),
      .changed: Ink(.yellow, bold: true), .failed: Ink(.red, bold: true), .heading: Ink(bold: true),
      .muted: Ink(.indexed(244)), .border: Ink(.indexed(240)), .key: Ink(.cyan, bold: true),
    ]))

  /// For terminals with a light background: darker foregrounds that keep their contrast.
  public static let light = Theme(
    name: "light",
    palette: Palette([
      // Free pages and frames darker than a dark theme's greys: on white, 248–250 all but vanish.
      .free: Ink(.indexed(245)), .anon: Ink(.indexed(22)), .file: Ink(.indexed(19)),
      .zero: Ink(.indexed(238)), .devicePrivate: Ink(.indexed(90)),
      .deviceCoherent: Ink(.indexed(24)),
      .allocated: Ink(.indexed(94)), .locked: Ink(.indexed(124), bold: true),
      .isolated: Ink(.indexed(130)),
      .pinned: Ink(.indexed(124)), .migrationSource: Ink(.indexed(130), bold: true),
      .destination: Ink(.indexed(24), bold: true), .changed: Ink(.indexed(130), bold: true),
      .failed: Ink(.indexed(124), bold: true), .heading: Ink(bold: true),
      .muted: Ink(.indexed(243)),
      .border: Ink(.indexed(242)), .key: Ink(.indexed(24), bold: true),
    ]))

  /// No colours at all (`--theme mono`, `NO_COLOR`): glyphs, letters, bold and reverse carry it.
  public static let mono = Theme(name: "mono", palette: .monochrome)
}
