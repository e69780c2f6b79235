import Yams

/// Turns a Yams/libyaml error into a position and a one-line message.
enum YAMLErrorText {
  static func describe(_ error: any Error, in yaml: String) -> (Position, String) {
    guard let yamlError = error as? YamlError else {
      return (.start, "the YAML could not be read: \(error)")
    }
    switch yamlError {
    case .reader(let problem, let offset, let value, _):
      let position = offset.map { SourceText.position(ofCharacter: $0, in: yaml) } ?? .start
      let hex = String(value, radix: 16, uppercase: true)
      let character = value >= 0 ? " (U+\(String(repeating: "0", count: max(0, 4 - hex.count)))\(hex))" : ""
      return (position, "invalid YAML text: \(problem)\(character)")
    case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
      .composer(let context, let problem, let mark, _):
      if problem.hasPrefix("Maximum nesting level") {
        return (Position(mark), "the YAML is nested more than 1000 levels deep; a scenario never needs that")
      }
      let during = context.map { " (\($0.text) at line \($0.mark.line), column \($0.mark.column))" } ?? ""
      // A block that stops making sense on a later line is almost always a line indented
      // differently from the block's first one.
      let hint = outdentedLine(before: mark.line, in: yaml) ?? context.flatMap { context in
        context.text.hasPrefix("while parsing a block") && context.mark.line != mark.line
          ? "; check the indentation of line \(mark.line) against line \(context.mark.line)" : nil
      } ?? ""
      return (Position(mark), "invalid YAML: \(problem)\(during)\(hint)\(tabHint(line: mark.line, in: yaml))")
    case .duplicatedKeysInMapping(let duplicates, let context):
      let keys = duplicates.map { "'\($0)'" }.joined(separator: ", ")
      let first = Position(context.mark)
      let position = duplicates.first.flatMap { DuplicateKeyPosition.repeatOf($0, first: first, in: yaml) } ?? first
      return (position, "key \(keys) appears more than once in this mapping; each key may appear once")
    default:
      return (.start, "the YAML could not be read: \(yamlError)")
    }
  }

  /// "; line 14 is indented less …" when the content line before `line` (1-based) is indented
  /// less than the content lines on both sides of it: a key that slipped out of its block, which
  /// libyaml only notices on the next line.
  private static func outdentedLine(before line: Int, in yaml: String) -> String? {
    let lines = yaml.split(separator: "\n", omittingEmptySubsequences: false)
    let content = { (index: Int) in
      let text = lines[index].drop { $0 == " " }
      return !text.isEmpty && !text.hasPrefix("#")
    }
    let indent = { (index: Int) in lines[index].prefix { $0 == " " }.count }
    guard line >= 1, line <= lines.count, content(line - 1),
          let previous = (0..<(line - 1)).last(where: content),
          let before = (0..<previous).last(where: content),
          indent(previous) < indent(line - 1), indent(previous) < indent(before) else { return nil }
    return "; line \(previous + 1) is indented less (\(indent(previous)) spaces) than the lines around it "
      + "(\(indent(before)) and \(indent(line - 1))): indent it like its neighbours"
  }

  /// A hint when line `line` (1-based) is indented with a tab, which YAML does not allow.
  private static func tabHint(line: Int, in yaml: String) -> String {
    let lines = yaml.split(separator: "\n", omittingEmptySubsequences: false)
    guard line >= 1, line <= lines.count, lines[line - 1].prefix(while: { $0 == " " || $0 == "\t" }).contains("\t") else {
      return ""
    }
    return "; line \(line) is indented with a tab, and YAML indents with spaces only"
  }
}
