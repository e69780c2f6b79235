import Foundation
import PropertyBased
import Testing

@testable import FolioScenario

/// Random mutations of valid scenario files never crash or hang the loader: it returns either a
/// scenario with no error, or no scenario and at least one located error.
@Suite struct MutationPropertyTests {
  /// The valid texts to mutate: the test fixtures and every built-in scenario.
  static func validTexts() -> [String] {
    let builtins = BuiltinScenarios.names.compactMap { name in
      BuiltinScenarios.path(of: name).flatMap { try? String(contentsOfFile: $0, encoding: .utf8) }
    }
    return [Fixtures.full, Fixtures.minimal] + builtins
  }

  /// Pieces inserted by the "insert" mutation: YAML punctuation, anchors, odd characters.
  static let insertions = ["[", "{", "}", ":", ": ", "- ", "&a ", "*a", "? ", "\t", "\u{0}", "é", "'", "\"", "#", "|", "\n  "]
  static let numbers = ["0", "-1", "512", "0x0", "0xffffffffffffffff", "0x10000000000000000", "99999999999999999999", "1e3"]

  /// Applies the mutation encoded by `seed` (kind in the low bits, position in the rest).
  static func mutate(_ text: String, seed: Int) -> String {
    var chars = Array(text)
    guard !chars.isEmpty else { return text }
    let position = (seed / 8) % chars.count
    var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    let line = (seed / 8) % lines.count
    switch seed % 8 {
    case 0:
      lines.remove(at: line)
      return lines.joined(separator: "\n")
    case 1:
      guard position + 1 < chars.count else { return text }
      chars.swapAt(position, position + 1)
      return String(chars)
    case 2:
      let digits = chars.indices.filter { chars[$0].isNumber }
      guard !digits.isEmpty else { return text }
      var start = digits[(seed / 8) % digits.count]
      while start > 0, chars[start - 1].isHexDigit || chars[start - 1] == "x" { start -= 1 }
      var end = start
      while end < chars.count, chars[end].isHexDigit || chars[end] == "x" { end += 1 }
      chars.replaceSubrange(start..<end, with: Array(numbers[(seed / 64) % numbers.count]))
      return String(chars)
    case 3:
      lines.insert(lines[line], at: line)
      return lines.joined(separator: "\n")
    case 4:
      return String(chars.prefix(position))
    case 5:
      chars.insert(contentsOf: Array(insertions[(seed / 64) % insertions.count]), at: position)
      return String(chars)
    case 6:
      chars.remove(at: position)
      return String(chars)
    default:
      // Re-indent one line by a random amount: the commonest real-world YAML mistake.
      lines[line] = String(repeating: " ", count: (seed / 64) % 7) + lines[line].drop { $0 == " " }
      return lines.joined(separator: "\n")
    }
  }

  @Test func validTextsLoadCleanly() throws {
    for text in Self.validTexts() {
      #expect(ScenarioLoader.parse(yaml: text, file: "valid.yaml").scenario != nil)
    }
  }

  @Test func mutatedFilesNeverCrashTheLoader() async {
    let texts = Self.validTexts()
    await propertyCheck(count: 400, input: Gen.int(in: 0...texts.count - 1), Gen.int(in: 0...Int(Int32.max)).array(of: 1...5)) { base, seeds in
      let mutated = seeds.reduce(texts[base]) { Self.mutate($0, seed: $1) }
      let result = ScenarioLoader.parse(yaml: mutated, file: "mutated.yaml")
      let errors = result.diagnostics.filter(\.isError)
      #expect((result.scenario == nil) == !errors.isEmpty, "\(mutated)")
      let lineCount = mutated.split(separator: "\n", omittingEmptySubsequences: false).count
      for diagnostic in result.diagnostics {
        #expect(diagnostic.line >= 1 && diagnostic.line <= lineCount + 1 && diagnostic.column >= 1, "\(diagnostic)")
        #expect(!diagnostic.message.contains("\n"), "\(diagnostic)")
      }
    }
  }

  @Test func mutationsChangeTheText() {
    let text = Fixtures.minimal
    let changed = (0..<64).filter { Self.mutate(text, seed: $0 * 97 + $0 % 8) != text }
    #expect(changed.count > 48)
  }
}
