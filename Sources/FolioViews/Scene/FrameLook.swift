import FolioModel
import TerminalCanvas

/// How one page frame is drawn: a letter for what it holds, a letter for the transient state
/// migration put it in, and the role that colours both. Two letters, so a monochrome screen or
/// a printed handout still tells an isolated anon page (`Ai`) from a locked source (`As`).
struct FrameLook: Hashable {
  var kind: Character
  var state: Character
  var role: Role

  /// Looks at `frame` and, for folio-wide state, its head `folio`.
  init(_ frame: PageFrame, folio: PageFrame?, marks: Marks) {
    let head = folio ?? frame
    guard !head.free else {
      (kind, state, role) = (marks.free, " ", .free)
      return
    }
    let kindRole: Role
    switch (frame.zone, head.mapping) {
    case (.devicePrivate, _): (kind, kindRole) = ("D", .devicePrivate)
    case (.deviceCoherent, _): (kind, kindRole) = ("C", .deviceCoherent)
    case (.normal, .anon): (kind, kindRole) = ("A", .anon)
    case (.normal, .file): (kind, kindRole) = ("F", .file)
    case (.normal, .shmem): (kind, kindRole) = ("S", .file)
    case (.normal, .none): (kind, kindRole) = ("N", .allocated)
    }
    // One state letter: the one that matters most to the migration, in this order.
    switch head.lockedBy {
    case .migration: (state, role) = ("s", .migrationSource)
    case .driver: (state, role) = ("d", .destination)
    case .faultHandler, .otherThread: (state, role) = ("l", .locked)
    case nil:
      if head.pins > 0 {
        (state, role) = ("p", .pinned)
      } else if frame.zone == .normal && !head.lru {
        (state, role) = ("i", .isolated)
      } else {
        (state, role) = (" ", kindRole)
      }
    }
  }

  /// The legend: every letter the grid uses and what it means.
  static let legend: [(String, Role)] = [
    ("A anon", .anon), ("F file", .file), ("S shmem", .file), ("D dev-private", .devicePrivate),
    ("C dev-coherent", .deviceCoherent), ("N no mapping", .allocated),
    ("s source(locked)", .migrationSource),
    ("d dest(locked)", .destination), ("l locked", .locked), ("p pinned", .pinned),
    ("i isolated", .isolated),
  ]

  /// The one-line legend's words, the state letters first: they are what migration changes.
  /// Each with a terser word, for when the letters shown do not all fit otherwise.
  static let shortLegend: [(letter: Character, meaning: String, terse: String, role: Role)] = [
    ("s", "source", "src", .migrationSource), ("d", "dest", "dst", .destination), ("l", "locked", "lock", .locked),
    ("p", "pinned", "pin", .pinned), ("i", "isolated", "isol", .isolated), ("A", "anon", "anon", .anon),
    ("F", "file", "file", .file), ("S", "shmem", "shm", .file), ("D", "device", "dev", .devicePrivate),
    ("C", "dev-coherent", "coh", .deviceCoherent), ("N", "no mapping", "nomap", .allocated),
  ]
}
