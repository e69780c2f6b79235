import Foundation
import TerminalCanvas

/// A JSON value with ordered object keys, so output is byte-for-byte deterministic.
indirect enum JSON {
  case null
  case bool(Bool)
  case int(Int)
  /// A number printed with a fixed count of decimals (deterministic, no exponent).
  case number(Double, decimals: Int)
  case string(String)
  case array([JSON])
  case object([(String, JSON)])

  /// Compact text when `indent` is nil, else pretty-printed with that many spaces per level.
  func text(indent: Int? = 2, level: Int = 0) -> String {
    let pad = indent.map { String(repeating: " ", count: $0 * (level + 1)) } ?? ""
    let close = indent.map { String(repeating: " ", count: $0 * level) } ?? ""
    let newline = indent == nil ? "" : "\n"
    switch self {
    case .null: return "null"
    case .bool(let value): return value ? "true" : "false"
    case .int(let value): return String(value)
    case .number(let value, let decimals): return String(format: "%.\(decimals)f", value)
    case .string(let value): return JSON.quote(value)
    case .array(let items):
      if items.isEmpty { return "[]" }
      // Arrays of scalars stay on one line: src/dst arrays read better that way.
      if items.allSatisfy({ $0.isScalar }) { return "[" + items.map { $0.text(indent: nil) }.joined(separator: ", ") + "]" }
      return "[" + newline + items.map { pad + $0.text(indent: indent, level: level + 1) }.joined(separator: "," + newline)
        + newline + close + "]"
    case .object(let members):
      if members.isEmpty { return "{}" }
      let separator = indent == nil ? ":" : ": "
      return "{" + newline + members.map { pad + JSON.quote($0.0) + separator + $0.1.text(indent: indent, level: level + 1) }
        .joined(separator: "," + newline) + newline + close + "}"
    }
  }

  private var isScalar: Bool {
    switch self {
    case .array, .object: false
    default: true
    }
  }

  static func quote(_ string: String) -> String { JSONText.quoted(string) }
}
