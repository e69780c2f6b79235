/// The non-box glyphs folioscope draws with, in a Unicode and a plain-ASCII set; every meaning
/// they carry is also spelled in letters somewhere, so `--ascii` loses nothing.
public struct Marks: Hashable, Sendable {
  /// A free page frame.
  public let free: Character
  /// Joins two pages of the same folio in the memory grid.
  public let folioJoin: Character
  /// The current line of the code pane and the cursor row of a list.
  public let pointer: Character
  /// Something changed at this step.
  public let changed: Character
  /// A slot failed (lost MIGRATE_PFN_MIGRATE) at this step.
  public let failed: Character
  /// The current position on the timeline bar.
  public let position: Character
  /// A page-table entry maps this folio.
  public let arrow: String
  /// Rows left out above or below a window.
  public let ellipsis: String
  /// Fills a phase segment on the timeline bar.
  public let segment: Character

  public static let unicode = Marks(
    free: "·", folioJoin: "═", pointer: "▶", changed: "•", failed: "✗", position: "●", arrow: "→",
    ellipsis: "…", segment: "─")
  public static let ascii = Marks(
    free: ".", folioJoin: "=", pointer: ">", changed: "*", failed: "x", position: "@", arrow: "->",
    ellipsis: "...", segment: "-")
}
