import Foundation
import Testing

@testable import FolioScenario

/// The docs name only scenarios that exist.
@Suite struct DocumentationTests {
  /// Every scenario the porting guide sends a reader to exists: a built-in, or a file in
  /// Examples/hmm-selftests.
  @Test func portingGuideNamesOnlyScenariosThatExist() throws {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../..")
    let text = try String(contentsOf: root.appendingPathComponent("docs/porting-v6.8-to-v7.0.md"), encoding: .utf8)
    let quoted = text.split(separator: "`").enumerated().filter { $0.offset % 2 == 1 }.map { String($0.element) }
    let files = quoted.filter { $0.hasSuffix(".yaml") }
    let names = quoted.filter { $0.contains("-") && !$0.contains(" ") && !$0.hasSuffix(".yaml") && !$0.contains("/") }
      .filter { $0.range(of: "^[a-z0-9]+(-[a-z0-9]+)+$", options: .regularExpression) != nil }
    #expect(files.count >= 4 && names.count >= 6, "\(files) \(names)")
    for file in files {
      let path = root.appendingPathComponent("Examples/hmm-selftests/\(file)").path
      #expect(FileManager.default.fileExists(atPath: path), "\(file)")
    }
    for name in names { #expect(BuiltinScenarios.names.contains(name), "\(name)") }
  }
}
