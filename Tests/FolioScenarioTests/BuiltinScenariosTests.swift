import Testing

@testable import FolioScenario

@Suite struct BuiltinScenariosTests {
  @Test func namesAreSortedYamlStems() {
    let names = BuiltinScenarios.names
    #expect(names == names.sorted())
    #expect(!names.contains { $0.hasSuffix(".yaml") || $0.hasPrefix(".") })
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

  @Test func unknownNameThrowsWithSuggestions() throws {
    let first = try #require(BuiltinScenarios.names.first, "the resource bundle holds no scenario")
    let misspelt = String(first.dropLast())
    #expect(BuiltinScenarios.closest(to: misspelt).first == first)
    do {
      _ = try BuiltinScenarios.load(misspelt)
      Issue.record("loading '\(misspelt)' did not throw")
    } catch {
      #expect(error.diagnostics.count == 1)
      #expect(error.description.contains("unknown built-in scenario '\(misspelt)'; did you mean '\(first)'"))
    }
  }

  @Test func closestFindsNamesByDistanceThenBySubstring() {
    #expect(Suggestion.closest(to: "ordr", among: ["pfn", "order", "pins"]) == ["order"])
    #expect(Suggestion.closest(to: "oredr", among: ["order"]) == ["order"])
    #expect(Suggestion.closest(to: "xyz", among: ["order"]) == [])
  }
}
