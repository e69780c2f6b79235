import Yams

/// Where each field of a decoded scenario came from, by field path (`folios[2].pfn`), so that
/// meaning checks can point at the line that holds the mistake.
struct SourceMap: Sendable {
  private var positions: [String: Position] = [:]

  mutating func record(_ path: String, _ mark: Mark?) {
    if let mark { positions[path] = Position(line: mark.line, column: mark.column) }
  }

  /// The position of `path`, or of its nearest recorded ancestor (`a.b[1].c` → `a.b[1]` → `a.b`),
  /// or 1:1 when nothing is known (a scenario built in code).
  func position(of path: String) -> Position {
    var path = Substring(path)
    while true {
      if let position = positions[String(path)] { return position }
      guard let cut = path.lastIndex(where: { $0 == "." || $0 == "[" }) else { break }
      path = path[..<cut]
    }
    return .start
  }
}

/// A 1-based line and column in a scenario file.
struct Position: Sendable, Hashable {
  var line: Int
  var column: Int
  static let start = Position(line: 1, column: 1)
  init(line: Int, column: Int) {
    self.line = line
    self.column = column
  }
  init(_ mark: Mark?) { self = mark.map { Position(line: $0.line, column: $0.column) } ?? .start }
}

/// Joins field paths: `field("folios[0]", "pfn")` is `folios[0].pfn`; the top level is "".
func field(_ parent: String, _ key: String) -> String {
  parent.isEmpty ? key : "\(parent).\(key)"
}

/// `item("folios", 2)` is `folios[2]`.
func item(_ parent: String, _ index: Int) -> String { "\(parent)[\(index)]" }
