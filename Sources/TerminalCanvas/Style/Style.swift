/// What a cell means, named by the application (e.g. "locked", "changed"); a `Palette` turns it
/// into colours. The `code` letter stands for the role in textual style-layer goldens.
public struct Role: Hashable, Sendable, CustomStringConvertible {
  public let name: String
  public let code: Character

  public init(_ name: String, code: Character) {
    self.name = name
    self.code = code
  }

  public var description: String { name }

  /// Text with no particular meaning, drawn in the terminal's own colours.
  public static let plain = Role("plain", code: ".")
}

/// The look of one cell: a semantic role plus emphasis that survives monochrome terminals.
public struct Style: Hashable, Sendable {
  public var role: Role
  public var bold: Bool
  public var reverse: Bool
  public var underline: Bool
  public var dim: Bool

  public init(
    _ role: Role = .plain, bold: Bool = false, reverse: Bool = false, underline: Bool = false,
    dim: Bool = false
  ) {
    self.role = role
    self.bold = bold
    self.reverse = reverse
    self.underline = underline
    self.dim = dim
  }

  public static let plain = Style()

  public func bolded() -> Style { var s = self; s.bold = true; return s }
  public func reversed() -> Style { var s = self; s.reverse = true; return s }
  public func underlined() -> Style { var s = self; s.underline = true; return s }
}
