import TerminalCanvas

/// The meanings folioscope draws with. Every role has its own lower-case code letter, so the
/// style layer of a golden reads as text (upper case = bold or reverse) and no two meanings
/// share a letter.
extension Role {
  // Page and folio states in the memory grid.
  public static let free = Role("free", code: "e")
  public static let anon = Role("anon", code: "a")
  public static let file = Role("file", code: "f")
  public static let zero = Role("zero", code: "z")
  public static let devicePrivate = Role("device-private", code: "p")
  public static let deviceCoherent = Role("device-coherent", code: "c")
  /// Allocated but not yet given a mapping (a fresh destination page).
  public static let allocated = Role("allocated", code: "w")
  public static let locked = Role("locked", code: "l")
  public static let isolated = Role("isolated", code: "i")
  public static let pinned = Role("pinned", code: "n")
  public static let migrationSource = Role("migration-source", code: "s")
  public static let destination = Role("destination", code: "d")
  // Emphasis shared by every pane.
  public static let changed = Role("changed", code: "g")
  public static let current = Role("current", code: "r")
  public static let failed = Role("failed", code: "x")
  public static let heading = Role("heading", code: "h")
  public static let muted = Role("muted", code: "m")
  public static let border = Role("border", code: "b")
  /// Key names in the footer and help.
  public static let key = Role("key", code: "k")

  /// Every folioscope role, in legend order.
  public static let folioRoles: [Role] = [
    .free, .anon, .file, .zero, .devicePrivate, .deviceCoherent, .allocated, .locked, .isolated,
    .pinned, .migrationSource, .destination, .changed, .current, .failed, .heading, .muted, .border,
    .key,
  ]
}
