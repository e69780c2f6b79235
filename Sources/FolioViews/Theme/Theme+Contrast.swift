import TerminalCanvas

extension Theme {
  /// For projectors, which wash out dim colours: the brightest 256-colour inks, bold where a
  /// state matters, and no grey darker than light grey. `--present` uses it unless another
  /// theme is asked for.
  public static let contrast = Theme(
    name: "contrast",
    palette: Palette([
      .free: Ink(.indexed(250)), .anon: Ink(.indexed(46), bold: true),
      .file: Ink(.indexed(39), bold: true), .zero: Ink(.indexed(231)),
      .devicePrivate: Ink(.indexed(201), bold: true),
      .deviceCoherent: Ink(.indexed(51), bold: true),
      .allocated: Ink(.indexed(226)), .locked: Ink(.indexed(196), bold: true),
      .isolated: Ink(.indexed(226), bold: true), .pinned: Ink(.indexed(196), bold: true),
      .migrationSource: Ink(.indexed(226), bold: true), .destination: Ink(.indexed(51), bold: true),
      .changed: Ink(.indexed(226), bold: true), .failed: Ink(.indexed(196), bold: true),
      .heading: Ink(.indexed(231), bold: true), .muted: Ink(.indexed(252)),
      .border: Ink(.indexed(252)), .key: Ink(.indexed(51), bold: true),
    ]))
}
