import Foundation
import FolioModel
import FolioScenario
import Testing

/// The complete example in docs/scenario-format.md loads without a diagnostic and its run ends
/// as its own expect block says (a reader who copies it and runs `trace --check` gets exit 0).
@Suite struct DocumentedExampleTests {
  @Test func completeExampleRunsToItsExpectBlock() throws {
    let doc = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../docs/scenario-format.md")
    let text = try String(contentsOf: doc, encoding: .utf8)
    let start = try #require(text.range(of: "## A complete example\n\n```yaml\n"))
    let end = try #require(text.range(of: "\n```", range: start.upperBound..<text.endIndex))
    let loaded = ScenarioLoader.parse(yaml: String(text[start.upperBound..<end.lowerBound]), file: "anon-to-device.yaml")
    #expect(loaded.diagnostics.map(\.description) == [], "it loads without a warning")
    let scenario = try #require(loaded.scenario)
    #expect(scenario.name == "anon-to-device")
    let expectation = try #require(scenario.expectations[.v7_0])
    let timeline = Simulation.run(scenario, kernel: .v7_0)
    #expect(timeline.violations.isEmpty, "\(timeline.violations)")
    #expect(ExpectationCheck.mismatches(expectation, in: timeline) == [])
  }
}
