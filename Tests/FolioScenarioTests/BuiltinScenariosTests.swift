import Foundation
import Testing

@testable import FolioScenario

@Suite struct BuiltinScenariosTests {
  @Test func namesAreTheSortedYamlStemsOfTheFolder() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("builtin-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    for file in ["zero-page.yaml", "anon-to-device.yaml", ".keep", "notes.txt"] {
      try Data().write(to: folder.appendingPathComponent(file))
    }
    #expect(BuiltinScenarios.names(in: folder) == ["anon-to-device", "zero-page"])
    #expect(BuiltinScenarios.names(in: nil) == [])
  }

  /// Every shipped scenario passes the validator with no error (warnings mark the -EINVAL cases).
  @Test func everyBuiltinScenarioHasNoError() throws {
    for name in BuiltinScenarios.names {
      let path = try #require(BuiltinScenarios.path(of: name))
      let errors = ScenarioLoader.parse(path: path).diagnostics.filter(\.isError)
      #expect(errors.map(\.description) == [], "\(name)")
      #expect(try BuiltinScenarios.load(name).name == name)
    }
  }

  @Test func unknownNameThrowsOneDiagnostic() {
    #expect(BuiltinScenarios.path(of: "no-such-scenario") == nil)
    do {
      _ = try BuiltinScenarios.load("no-such-scenario")
      Issue.record("loading an unknown scenario did not throw")
    } catch {
      #expect(error.diagnostics.count == 1)
      #expect(error.description.hasPrefix("no-such-scenario:1:1: error: unknown built-in scenario 'no-such-scenario'"))
    }
  }

  @Test func closestFindsNamesByDistanceThenBySubstring() {
    let names = ["anon-to-device", "device-evict-range", "zero-page"]
    #expect(BuiltinScenarios.closest(to: "anon-to-devise", among: names) == ["anon-to-device"])
    #expect(BuiltinScenarios.closest(to: "evict", among: names) == ["device-evict-range"])
    #expect(BuiltinScenarios.closest(to: "qqq", among: names) == [])
  }

  @Test func suggestionsAllowOneEditPerThreeLetters() {
    #expect(Suggestion.closest(to: "ordr", among: ["pfn", "order", "pins"]) == ["order"])
    #expect(Suggestion.closest(to: "oredr", among: ["order"]) == ["order"])
    #expect(Suggestion.closest(to: "ORDER", among: ["order"]) == ["order"])
    #expect(Suggestion.closest(to: "B", among: ["A"]) == [])
    #expect(Suggestion.closest(to: "xyz", among: ["order"]) == [])
  }

  @Test func aNameSpelledOutOrBegunIsSuggestedWhenNothingIsCloser() {
    #expect(Suggestion.closest(to: "anonymous", among: ["anon", "file", "shmem"]) == ["anon"])
    #expect(Suggestion.closest(to: "priv", among: ["private", "coherent"]) == ["private"])
    #expect(Suggestion.closest(to: "an", among: ["anon"]) == [], "two letters are not enough")
    #expect(Suggestion.closest(to: "anonn", among: ["anon", "anonymous"]) == ["anon"], "edit distance first")
  }
}
