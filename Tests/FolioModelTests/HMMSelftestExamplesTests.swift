import Foundation
import FolioModel
import FolioScenario
import Testing

/// Examples/hmm-selftests: each file models one HMM selftest; it loads without errors and runs
/// to its own expect block, with every invariant held, under each kernel the block names.
@Suite struct HMMSelftestExamplesTests {
  static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("../../Examples/hmm-selftests").standardized

  static let files: [String] = (try? FileManager.default.contentsOfDirectory(atPath: folder.path))?
    .filter { $0.hasSuffix(".yaml") }.sorted() ?? []

  @Test func theFolderHoldsTheSelftestScenarios() {
    #expect(Self.files.count >= 18, "\(Self.files)")
  }

  @Test(arguments: files)
  func runsToItsExpectBlock(file: String) throws {
    let path = Self.folder.appendingPathComponent(file).path
    let loaded = ScenarioLoader.parse(path: path)
    #expect(loaded.diagnostics.filter(\.isError).isEmpty, "\(loaded.diagnostics)")
    let scenario = try #require(loaded.scenario)
    #expect(!scenario.expectations.isEmpty, "\(file) has an expect block")
    for (kernel, expectation) in scenario.expectations {
      let timeline = Simulation.run(scenario, kernel: kernel)
      #expect(timeline.violations.isEmpty, "\(file) \(kernel): \(timeline.violations)")
      #expect(ExpectationCheck.mismatches(expectation, in: timeline).isEmpty,
              "\(file) \(kernel): \(ExpectationCheck.mismatches(expectation, in: timeline))")
    }
  }
}
