/// Where a mapping's key appears the second time. Yams reports a duplicated key at its first
/// appearance, but the line to fix is the repeat.
enum DuplicateKeyPosition {
  /// The repeat of `key`, whose first appearance is at `first` (1-based), in `yaml`; nil when
  /// it cannot be told (then the first appearance is the place to report).
  static func repeatOf(_ key: String, first: Position, in yaml: String) -> Position? {
    let lines = yaml.split(separator: "\n", omittingEmptySubsequences: false).map(Array.init)
    guard first.line >= 1, first.line <= lines.count else { return nil }
    let firstLine = lines[first.line - 1]
    let keyStart = first.column - 1
    // In a flow mapping ({a: 1, a: 2}) the repeat follows on the same line, after a comma.
    if firstLine.prefix(keyStart).contains("{") {
      return column(of: key, in: firstLine, after: keyStart + key.count, flow: true)
        .map { Position(line: first.line, column: $0) }
    }
    // In a block mapping it starts a later line at the same indentation, before any line
    // indented less (which ends the mapping).
    for index in first.line..<lines.count {
      let line = lines[index]
      let indent = line.prefix { $0 == " " }.count
      guard indent < line.count, line[indent] != "#" else { continue }
      if indent < keyStart && !(line[indent] == "-" && indent + 2 <= keyStart) { return nil }
      if indent == keyStart || line[indent] == "-", let found = column(of: key, in: line, after: indent, flow: false),
         found == keyStart + 1 {
        return Position(line: index + 1, column: found)
      }
    }
    return nil
  }

  /// The 1-based column where `key` followed by a colon starts in `line` at or after `start`:
  /// after a comma in a flow mapping, else at the start of the line's content.
  private static func column(of key: String, in line: [Character], after start: Int, flow: Bool) -> Int? {
    let key = Array(key)
    var index = start
    while index + key.count < line.count {
      let before = line[..<index].last { $0 != " " }
      let boundary = flow ? before == "," : (before == nil || before == "-")
      var end = index + key.count
      while end < line.count && line[end] == " " { end += 1 }
      if boundary && Array(line[index..<(index + key.count)]) == key && end < line.count && line[end] == ":" {
        return index + 1
      }
      index += 1
    }
    return nil
  }
}
