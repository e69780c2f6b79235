import Foundation
import Testing

@testable import FolioScenario

/// The corpus in `BadInput/`: every file is refused, and its first diagnostic is exactly the line
/// for it in `BadInput/expected.txt`. `RECORD_BAD_INPUT=1 swift test --filter BadInput` rewrites
/// that manifest from the current messages (review the diff before committing it).
@Suite struct BadInputTests {
  static let manifestName = "expected.txt"

  static func corpusDirectory() throws -> URL {
    try #require(Bundle.module.url(forResource: "BadInput", withExtension: nil))
  }

  static func corpusFiles() throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: corpusDirectory().path).filter { $0.hasSuffix(".yaml") }.sorted()
  }

  /// The first diagnostic for each corpus file, named by its file name alone.
  static func firstMessages() throws -> [String: String] {
    var messages: [String: String] = [:]
    for name in try corpusFiles() {
      let data = try Data(contentsOf: corpusDirectory().appendingPathComponent(name))
      let result = ScenarioLoader.parse(data: data, file: name)
      #expect(result.scenario == nil, "\(name) loaded")
      messages[name] = result.diagnostics.first?.description ?? "(no diagnostic)"
    }
    return messages
  }

  @Test func corpusHasAtLeastFortyFiles() throws {
    #expect(try Self.corpusFiles().count >= 40)
  }

  @Test func everyFileGivesItsExpectedFirstMessage() throws {
    let messages = try Self.firstMessages()
    if ProcessInfo.processInfo.environment["RECORD_BAD_INPUT"] == "1" {
      let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("BadInput")
      let text = messages.keys.sorted().compactMap { messages[$0] }.joined(separator: "\n") + "\n"
      try text.write(to: source.appendingPathComponent(Self.manifestName), atomically: true, encoding: .utf8)
      return
    }
    let manifest = try String(contentsOf: Self.corpusDirectory().appendingPathComponent(Self.manifestName), encoding: .utf8)
    var expected: [String: String] = [:]
    for line in manifest.split(separator: "\n") {
      guard let colon = line.firstIndex(of: ":") else { continue }
      expected[String(line[..<colon])] = String(line)
    }
    #expect(Set(expected.keys) == Set(messages.keys), "manifest and corpus list different files")
    for (name, message) in messages.sorted(by: { $0.key < $1.key }) {
      #expect(message == expected[name], "\(name)")
    }
  }
}
