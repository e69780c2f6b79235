import Foundation
import FolioModel
import FolioScenario
import Testing

/// The complete example in docs/scenario-format.md is a scenario whose run ends as its own
/// expect block says (a reader who copies it and runs `trace --check` gets exit 0).
@Suite struct DocumentedExampleTests {
  @Test func completeExampleRunsToItsExpectBlock() throws {
    let doc = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../docs/scenario-format.md")
    let text = try String(contentsOf: doc, encoding: .utf8)
    let start = try #require(text.range(of: "## A complete example\n\n```yaml\n"))
    let end = try #require(text.range(of: "\n```", range: start.upperBound..<text.endIndex))
    let scenario = try ScenarioLoader.load(yaml: String(text[start.upperBound..<end.lowerBound]), file: "example.yaml")
    let expectation = try #require(scenario.expectations[.v7_0])
    let timeline = Simulation.run(scenario, kernel: .v7_0)
    #expect(timeline.violations.isEmpty, "\(timeline.violations)")
    #expect(ExpectationCheck.mismatches(expectation, in: timeline) == [])
  }
}
