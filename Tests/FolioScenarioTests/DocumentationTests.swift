import Foundation
import Testing

@testable import FolioScenario

/// The complete example in docs/scenario-format.md is a valid scenario.
@Suite struct DocumentationTests {
  @Test func completeExampleLoadsWithoutDiagnostics() throws {
    let doc = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../docs/scenario-format.md")
    let text = try String(contentsOf: doc, encoding: .utf8)
    let start = try #require(text.range(of: "## A complete example\n\n```yaml\n"))
    let end = try #require(text.range(of: "\n```", range: start.upperBound..<text.endIndex))
    let yaml = String(text[start.upperBound..<end.lowerBound])
    let result = ScenarioLoader.parse(yaml: yaml, file: "anon-to-device.yaml")
    #expect(result.diagnostics.map(\.description) == [])
    #expect(result.scenario?.name == "anon-to-device")
  }
}
