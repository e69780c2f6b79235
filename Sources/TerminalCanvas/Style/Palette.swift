/// A terminal colour: the terminal's default, one of the eight ANSI colours, or a 256-colour index.
public enum Color: Hashable, Sendable {
  case terminalDefault
  case black, red, green, yellow, blue, magenta, cyan, white
  case indexed(UInt8)

  /// The xterm-256 index of this colour, or nil for the terminal default.
  public var index: UInt8? {
    switch self {
    case .terminalDefault: nil
    case .black: 0
    case .red: 1
    case .green: 2
    case .yellow: 3
    case .blue: 4
    case .magenta: 5
    case .cyan: 6
    case .white: 7
    case .indexed(let value): value
    }
  }
}

/// The colours (and any forced emphasis) a role is drawn with.
public struct Ink: Hashable, Sendable {
  public var foreground: Color
  public var background: Color
  public var bold: Bool

  public init(_ foreground: Color = .terminalDefault, on background: Color = .terminalDefault, bold: Bool = false) {
    self.foreground = foreground
    self.background = background
    self.bold = bold
  }

  public static let plain = Ink()
}

/// Maps roles to inks; a role it does not name is drawn plain. A monochrome palette is empty.
public struct Palette: Sendable {
  public var inks: [Role: Ink]

  public init(_ inks: [Role: Ink] = [:]) { self.inks = inks }

  public func ink(for role: Role) -> Ink { inks[role] ?? .plain }

  public static let monochrome = Palette()
}
