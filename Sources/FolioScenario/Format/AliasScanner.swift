/// Finds YAML anchors (`&name`) and aliases (`*name`) before the text reaches the parser.
///
/// Scenario files never need them, and an alias bomb (aliases of aliases, "billion laughs")
/// costs nothing to parse but exponential time to walk or hash, so they are refused up front.
/// The scan is lexical: it skips comments, quoted text and block scalars (`|`, `>`), and looks
/// for `&`/`*` only where a YAML node can start.
enum AliasScanner {
  static func message(_ token: String) -> String {
    "YAML anchors and aliases ('\(token)') are not supported in scenario files; write the value out (quote the text if '\(token.prefix(1))' is meant literally)"
  }

  static func firstAnchorOrAlias(in yaml: String) -> (Position, String)? {
    var quote: Character? = nil
    var blockScalarIndent: Int? = nil
    for (lineIndex, line) in yaml.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
      let chars = Array(line)
      let indent = chars.prefix { $0 == " " }.count
      if let parentIndent = blockScalarIndent, quote == nil {
        if indent > parentIndent || chars.allSatisfy({ $0 == " " || $0 == "\r" }) { continue }
        blockScalarIndent = nil
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
        let atNodeStart = previous.map { "-?:[{,".contains($0) && chars[index - 1] != $0 || "[{,".contains($0) } ?? true
        if char == "#" && (index == 0 || chars[index - 1] == " " || chars[index - 1] == "\t") { break }
        if atNodeStart {
          switch char {
          case "\"", "'":
            quote = char
          case "&", "*":
            let name = chars[(index + 1)...].prefix { !" \t\r,[]{}".contains($0) }
            if !name.isEmpty {
              return (Position(line: lineIndex + 1, column: index + 1), String(char) + String(name))
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
