import Yams

/// The keys of one YAML mapping, checked against the allowed names, with the mapping's path.
struct Fields {
  let path: String
  let mark: Mark?
  let values: [String: Node]
  /// Keys an unknown key was taken for (`pagse` → `pages`): already reported with that hint,
  /// so their absence is not reported again.
  var suggested: Set<String> = []
}

/// Collects diagnostics and source positions while a YAML tree is turned into model values.
/// Every converter reports its own problem and returns nil, so decoding goes on and the user
/// sees every mistake at once.
final class DecodeContext {
  let file: String
  private(set) var diagnostics: [Diagnostic] = []
  private(set) var sourceMap = SourceMap()

  init(file: String) { self.file = file }

  /// Remembers where `path` is written, for the validator's messages about it.
  func record(_ path: String, _ node: Node) { sourceMap.record(path, node.mark) }

  func error(_ message: String, at mark: Mark?) {
    let position = Position(mark)
    diagnostics.append(Diagnostic(.error, file: file, line: position.line, column: position.column, message: message))
  }

  /// The mapping at `path`, with unknown keys reported (with a suggestion) and skipped.
  func fields(_ node: Node, at path: String, allowed: [String]) -> Fields? {
    sourceMap.record(path, node.mark)
    guard let mapping = node.mapping else {
      error("\(label(path)): expected a mapping of \(allowed.map { "'\($0)'" }.joined(separator: ", ")), found \(describe(node))", at: node.mark)
      return nil
    }
    var values: [String: Node] = [:]
    var suggested: Set<String> = []
    // A key the mapping already has is not what a misspelt one meant ('pin' beside 'pfn').
    let present = Set(mapping.keys.compactMap { $0.scalar?.string })
    let candidates = allowed.filter { !present.contains($0) }
    for (key, value) in mapping {
      guard let name = key.scalar?.string else {
        error("\(label(path)): expected a key name, found \(describe(key))", at: key.mark)
        continue
      }
      guard allowed.contains(name) else {
        let best = Suggestion.closest(to: name, among: candidates).first
        // The top level's thirteen keys are the whole format; its reference is the document.
        let keys = path.isEmpty ? "" : "; the keys here are \(allowed.map { "'\($0)'" }.joined(separator: ", "))"
        let hint = best.map { "; did you mean '\($0)'?" } ?? keys
        error("unknown key '\(quoted(name))' in \(label(path))\(hint)", at: key.mark)
        if let best { suggested.insert(best) }
        continue
      }
      values[name] = value
      sourceMap.record(field(path, name), value.mark)
    }
    return Fields(path: path, mark: node.mark, values: values, suggested: suggested)
  }

  /// The value of an optional key, converted; nil when absent or wrong (wrong is reported).
  func optional<T>(_ fields: Fields, _ key: String, _ convert: (Node, String) -> T?) -> T? {
    guard let node = fields.values[key] else { return nil }
    return convert(node, field(fields.path, key))
  }

  /// The value of a required key; a missing key is reported at its mapping.
  func required<T>(_ fields: Fields, _ key: String, expected: String, _ convert: (Node, String) -> T?) -> T? {
    guard let node = fields.values[key] else {
      if !fields.suggested.contains(key) {
        error("\(label(fields.path)): missing key '\(key)'; expected \(expected)", at: fields.mark)
      }
      return nil
    }
    return convert(node, field(fields.path, key))
  }

  /// The items of a list, each converted with its own path (`folios[3]`); bad items are dropped.
  func list<T>(_ node: Node, _ path: String, _ convert: (Node, String) -> T?) -> [T]? {
    guard let sequence = node.sequence else {
      error("\(path): expected a list, found \(describe(node))", at: node.mark)
      return nil
    }
    var result: [T] = []
    for (index, element) in sequence.enumerated() {
      let elementPath = item(path, index)
      sourceMap.record(elementPath, element.mark)
      if let value = convert(element, elementPath) { result.append(value) }
    }
    return result.count == sequence.count ? result : nil
  }

  /// Shorthand for a converter that turns each list item with `convert`.
  func listOf<T>(_ convert: @escaping (Node, String) -> T?) -> (Node, String) -> [T]? {
    { node, path in self.list(node, path, convert) }
  }

  /// The text of a scalar, or nil (reported) for a mapping, a list or an empty value.
  func scalarText(_ node: Node, _ path: String, expected: String) -> String? {
    guard let scalar = node.scalar else {
      error("\(path): expected \(expected), found \(describe(node))", at: node.mark)
      return nil
    }
    if scalar.style == .plain, ["", "~", "null", "Null", "NULL"].contains(scalar.string) {
      error("\(path): expected \(expected), found nothing", at: node.mark)
      return nil
    }
    return scalar.string
  }

  /// Reports a number key given a second time under another spelling (`0` and `0x0`), which
  /// the YAML parser's duplicate check, comparing text, lets through.
  func numberKeyTwice(_ key: Node, _ number: Int, _ path: String) {
    error("\(path): \(number) is given twice (the second time as '\(quoted(key.scalar?.string ?? ""))'); each key may "
      + "appear once", at: key.mark)
  }

  /// How a node looks in a message: `'text'`, "a list" or "a mapping".
  func describe(_ node: Node) -> String {
    switch node {
    case .scalar(let scalar): return scalar.string.isEmpty ? "nothing" : "'\(quoted(scalar.string))'"
    case .mapping: return "a mapping"
    case .sequence: return "a list"
    case .alias: return "an alias"
    }
  }

  /// The text, shortened and with control characters escaped, so a message stays one line.
  func quoted(_ text: String) -> String {
    let escaped = text.unicodeScalars.map { $0.properties.generalCategory == .control ? $0.escaped(asASCII: true) : String($0) }
    let joined = escaped.joined()
    return joined.count > 40 ? String(joined.prefix(40)) + "…" : joined
  }

  private func label(_ path: String) -> String { path.isEmpty ? "the top level" : path }
}
