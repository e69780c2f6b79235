import Yams

/// Converters for scalar fields: numbers (decimal or `0x` hex), booleans, text and enum names.
extension DecodeContext {
  /// A number read from text: sign and magnitude, or why it is not one.
  enum ParsedNumber: Equatable {
    case value(negative: Bool, magnitude: UInt64)
    case tooLarge
    case notANumber
  }

  /// Parses `42`, `-3`, `0x7f00_0000` style numbers (underscores group digits, as in Swift).
  static func parseNumber(_ text: String) -> ParsedNumber {
    var digits = Substring(text)
    var negative = false
    if let sign = digits.first, sign == "-" || sign == "+" {
      negative = sign == "-"
      digits = digits.dropFirst()
    }
    var radix: UInt64 = 10
    if digits.hasPrefix("0x") || digits.hasPrefix("0X") {
      radix = 16
      digits = digits.dropFirst(2)
    }
    // An underscore only between digits (1_000), and ASCII digits only (hexDigitValue also
    // reads full-width ones).
    guard !digits.isEmpty, digits.first != "_", digits.last != "_", !digits.contains("__") else { return .notANumber }
    var magnitude: UInt64 = 0
    var overflowed = false
    for character in digits where character != "_" {
      guard character.isASCII, let digit = character.hexDigitValue, UInt64(digit) < radix else { return .notANumber }
      let (shifted, o1) = magnitude.multipliedReportingOverflow(by: radix)
      let (sum, o2) = shifted.addingReportingOverflow(UInt64(digit))
      overflowed = overflowed || o1 || o2
      magnitude = sum
    }
    return overflowed ? .tooLarge : .value(negative: negative, magnitude: magnitude)
  }

  /// A pfn, address or other unsigned 64-bit value.
  func uint64(_ node: Node, _ path: String) -> UInt64? {
    guard let text = scalarText(node, path, expected: "a number") else { return nil }
    switch Self.parseNumber(text) {
    case .value(let negative, let magnitude):
      if !negative || magnitude == 0 { return magnitude }
      error("\(path): expected a number ≥ 0, found '\(quoted(text))'", at: node.mark)
    case .tooLarge:
      error("\(path): number '\(quoted(text))' is too large for 64 bits", at: node.mark)
    case .notANumber:
      error("\(path): expected a number (decimal or 0x hex), found '\(quoted(text))'", at: node.mark)
    }
    return nil
  }

  /// A signed integer within `range` (`what` names the range in messages, e.g. "a count ≥ 0").
  func int(_ range: ClosedRange<Int>, _ what: String) -> (Node, String) -> Int? {
    { node, path in
      guard let text = self.scalarText(node, path, expected: what) else { return nil }
      switch Self.parseNumber(text) {
      case .value(let negative, let magnitude):
        // Int.min's magnitude is one more than Int.max's.
        if magnitude <= UInt64(Int.max) || (negative && magnitude == UInt64(Int.max) + 1) {
          let value = negative ? Int(truncatingIfNeeded: 0 &- magnitude) : Int(magnitude)
          if range.contains(value) { return value }
          self.error("\(path): expected \(what), found \(text)", at: node.mark)
        } else {
          self.error("\(path): number '\(self.quoted(text))' is too large for a signed 64-bit number", at: node.mark)
        }
      case .tooLarge:
        self.error("\(path): number '\(self.quoted(text))' is too large for 64 bits", at: node.mark)
      case .notANumber:
        self.error("\(path): expected \(what), found '\(self.quoted(text))'", at: node.mark)
      }
      return nil
    }
  }

  /// Any integer that fits in an `Int` (orders, results: their meaning is checked later).
  var anyInt: (Node, String) -> Int? { int(Int.min...Int.max, "an integer") }
  /// A count or index: 0 or more.
  var count: (Node, String) -> Int? { int(0...Int.max, "a number ≥ 0") }
  /// The size of a range, VMA or call. Its bounds are checked with its meaning (a call of 0
  /// pages is a warning, not an error), but the message already names the range allowed.
  var pageCount: (Node, String) -> Int? { int(0...Int.max, "a number of pages, 1…\(ScenarioLimits.maxPages)") }

  /// `true` or `false`.
  func bool(_ node: Node, _ path: String) -> Bool? {
    guard let text = scalarText(node, path, expected: "true or false") else { return nil }
    switch text {
    case "true": return true
    case "false": return false
    default:
      error("\(path): expected true or false, found '\(quoted(text))'\(Suggestion.hint(for: text, among: ["true", "false"]))", at: node.mark)
      return nil
    }
  }

  /// Free text (any scalar).
  func text(_ node: Node, _ path: String) -> String? {
    guard let scalar = node.scalar else {
      error("\(path): expected text, found \(describe(node))", at: node.mark)
      return nil
    }
    return printable(scalar.string, path, node, allowing: ["\n", "\t"])
  }

  /// A name that must not be empty (process and device names).
  func name(_ node: Node, _ path: String) -> String? {
    guard let name = scalarText(node, path, expected: "a name") else { return nil }
    guard !name.isEmpty else {
      error("\(path): expected a name, found an empty one", at: node.mark)
      return nil
    }
    return printable(name, path, node, allowing: [])
  }

  /// `text`, unless it holds a control character other than `allowing` (an escape sequence in
  /// a title would reach the user's terminal) or a line or paragraph separator (`\L`, `\P`,
  /// which terminals do not break at): then nil, with an error.
  private func printable(_ text: String, _ path: String, _ node: Node, allowing: Set<Unicode.Scalar>) -> String? {
    let unprintable: [Unicode.GeneralCategory: String] = [
      .control: "a control character", .lineSeparator: "a line separator", .paragraphSeparator: "a paragraph separator",
    ]
    guard let (offset, bad) = text.unicodeScalars.enumerated().first(where: {
      unprintable[$0.element.properties.generalCategory] != nil && !allowing.contains($0.element)
    }), let kind = unprintable[bad.properties.generalCategory] else { return text }
    let code = String(bad.value, radix: 16, uppercase: true)
    error("\(path): \(kind) (U+\(String(repeating: "0", count: max(0, 4 - code.count)))\(code)) at character "
      + "\(offset + 1); scenario text must be printable, as it is written to terminals", at: node.mark)
    return nil
  }

  /// One of a fixed set of names.
  func choice<T>(_ options: [(String, T)]) -> (Node, String) -> T? {
    { node, path in
      let names = options.map(\.0)
      let listed = names.map { "'\($0)'" }.joined(separator: ", ")
      guard let text = self.scalarText(node, path, expected: "one of \(listed)") else { return nil }
      if let match = options.first(where: { $0.0 == text }) { return match.1 }
      let hint = Suggestion.hint(for: text, among: names)
      self.error("\(path): expected one of \(listed), found '\(self.quoted(text))'\(hint)", at: node.mark)
      return nil
    }
  }

  /// One of an enum's raw values.
  func choice<T: RawRepresentable & CaseIterable>(_ type: T.Type) -> (Node, String) -> T? where T.RawValue == String {
    choice(T.allCases.map { ($0.rawValue, $0) })
  }
}
