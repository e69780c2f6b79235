/// Finds mapping keys that are not plain scalars (`? …`, `*alias:`, `[…]: …`) before the text
/// reaches the parser.
///
/// Anchors and aliases are allowed as values (authors reuse an expectation with `&outcome` and
/// `*outcome`), and `TreeGuard` bounds how far aliases may expand. A complex key, though, is
/// hashed as a whole by the parser's duplicate-key check, so an alias bomb used as a key would
/// take exponential time before any bound applies. Scenario keys are always plain names, so
/// such keys are refused up front. The scan is lexical: it skips comments, quoted text and block
/// scalars (`|`, `>`), and looks only where a YAML node can start.
enum KeyScanner {
  static func firstComplexKey(in yaml: String) -> (Position, String)? {
    var quote: Character? = nil
    var blockScalarIndent: Int? = nil
    var flowDepth = 0
    for (lineIndex, line) in yaml.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
      let chars = Array(line)
      let indent = chars.prefix { $0 == " " }.count
      if let parentIndent = blockScalarIndent, quote == nil {
        if indent > parentIndent || chars.allSatisfy({ $0 == " " || $0 == "\r" }) { continue }
        blockScalarIndent = nil
      }
      func position(_ index: Int) -> Position { Position(line: lineIndex + 1, column: index + 1) }
      func followedByColon(_ index: Int) -> Bool {
        let rest = chars[index...].drop { $0 == " " || $0 == "\t" }
        return rest.first == ":" && (rest.count == 1 || " \t\r,]}".contains(rest[rest.startIndex + 1]))
      }
      // The last character that was not a space: nil at the start of the line.
      var previous: Character? = nil
      var index = 0
      while index < chars.count {
        let char = chars[index]
        defer { index += 1 }
        if let open = quote {
          if open == "\"" && char == "\\" {
            index += 1
          } else if char == open {
            if open == "'" && index + 1 < chars.count && chars[index + 1] == "'" { index += 1 } else { quote = nil }
          }
          previous = char
          continue
        }
        if char == " " || char == "\t" || char == "\r" { continue }
        if char == "#" && (index == 0 || chars[index - 1] == " " || chars[index - 1] == "\t") { break }
        let separated = index > 0 && (chars[index - 1] == " " || chars[index - 1] == "\t")
        let atNodeStart = previous.map { "[{,".contains($0) || ("-?:".contains($0) && separated) } ?? true
        if flowDepth > 0, char == "]" || char == "}" {
          flowDepth -= 1
          if followedByColon(index + 1) {
            return (position(index), "a list or mapping used as a mapping key is not supported; keys are plain names")
          }
        } else if atNodeStart {
          switch char {
          case "\"", "'":
            quote = char
          case "[", "{":
            flowDepth += 1
          case "?" where index + 1 == chars.count || " \t\r".contains(chars[index + 1]):
            return (position(index), "'?' (a complex mapping key) is not supported in scenario files; keys are plain names")
          case "*":
            let name = chars[(index + 1)...].prefix { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }
            if !name.isEmpty && followedByColon(index + 1 + name.count) {
              return (position(index), "an alias ('*\(String(name))') used as a mapping key is not supported; keys are plain names")
            }
          case "|", ">":
            if chars[(index + 1)...].prefix(while: { $0 != "#" }).allSatisfy({ "+-0123456789 \t\r".contains($0) }) {
              blockScalarIndent = indent
              index = chars.count
            }
          default:
            break
          }
        }
        previous = char
      }
    }
    return nil
  }
}
