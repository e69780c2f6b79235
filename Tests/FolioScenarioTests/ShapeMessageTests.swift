import Testing

@testable import FolioScenario

/// Suggestions for an unknown key: not a key already given, a name it begins first, and the
/// list of keys when nothing is close.
@Suite struct KeySuggestionTests {
  func diagnostics(_ yaml: String) -> [String] {
    ScenarioLoader.parse(yaml: yaml, file: "t.yaml").diagnostics.map(\.description)
  }

  @Test("'pin' beside 'pfn' suggests 'pins'")
  func aKeyAlreadyPresentIsNotSuggested() {
    let yaml = Fixtures.minimal.replacingOccurrences(of: "  - {pfn: 0x100}", with: "  - {pfn: 0x100, pin: 1}")
    #expect(diagnostics(yaml) == ["t.yaml:6:18: error: unknown key 'pin' in folios[0]; did you mean 'pins'?"])
  }

  @Test("Among equally close names, one the word begins comes first")
  func prefixMatchesWinTies() {
    #expect(Suggestion.closest(to: "pin", among: ["pfn", "pins"]) == ["pins", "pfn"])
    #expect(Suggestion.closest(to: "ordr", among: ["pfn", "order", "pins"]) == ["order"])
  }

  @Test("A word of a longer name, or a one-word name of the same stem, is suggested; a shared first word is not")
  func wordsAndStems() {
    let keys = ["pfn", "order", "extra_refs", "pins", "locked_by_other"]
    #expect(Suggestion.closest(to: "refs", among: keys) == ["extra_refs"])
    #expect(Suggestion.closest(to: "pinned", among: keys) == ["pins"])
    #expect(Suggestion.closest(to: "before_collect", among: ["after_setup", "before_pages"]).isEmpty)
  }

  @Test("An unknown key with no close name lists the keys of its mapping")
  func anUnknownKeyWithoutSuggestionListsTheKeys() {
    let yaml = Fixtures.minimal + "expect:\n  v7.0:\n    pages:\n      - {pfn: 0x100, pins: 0}\n"
    #expect(diagnostics(yaml) == [
      "t.yaml:19:22: error: unknown key 'pins' in expect.v7.0.pages[0]; the keys here are 'pfn', 'refcount', "
        + "'mapcount', 'locked', 'lru', 'free'"
    ])
  }
}

/// A page count that is not a number is told the range the validator allows.
@Suite struct PageCountTests {
  @Test("'pages: sixteen' names 1…65536", arguments: [
    ("system: {start: 0x100, pages: 16}", "system: {start: 0x100, pages: sixteen}", "2:33", "memory.system.pages"),
    ("pages: 8\n", "pages: sixteen\n", "11:16", "processes[0].vmas[0].pages"),
    ("pages: 8, owner", "pages: sixteen, owner", "15:61", "calls[0].migrate_vma.pages"),
  ])
  func aWordForAPageCountNamesTheRange(old: String, new: String, position: String, path: String) {
    let yaml = Fixtures.minimal.replacingOccurrences(of: old, with: new)
    #expect(ScenarioLoader.parse(yaml: yaml, file: "t.yaml").diagnostics.map(\.description) == [
      "t.yaml:\(position): error: \(path): expected a number of pages, 1…65536, found 'sixteen'"
    ])
  }
}

/// The top level's keys are the whole format: an unknown one there gets no list.
@Suite struct TopLevelKeyTests {
  @Test func anUnknownTopLevelKeyListsNothing() {
    let messages = ScenarioLoader.parse(yaml: Fixtures.minimal + "foo: 3\n", file: "t.yaml").diagnostics.map(\.description)
    #expect(messages == ["t.yaml:16:1: error: unknown key 'foo' in the top level"])
  }
}

/// A block that breaks on a later line points at the two lines whose indentation differs.
@Suite struct IndentationHintTests {
  @Test func aMisindentedKeyNamesBothLines() {
    let yaml = "memory:\n  system: {start: 0x100, pages: 16}\ncalls:\n  - migrate_vma:\n      process: A\n"
      + "      start: 0x7f0000000000\n     pages: 1\n"
    #expect(ScenarioLoader.parse(yaml: yaml, file: "t.yaml").diagnostics.map(\.description) == [
      "t.yaml:7:6: error: invalid YAML: did not find expected key (while parsing a block mapping at line 4, column 5); "
        + "check the indentation of line 7 against line 4"
    ])
  }

  @Test("A key that slipped out of its block is named, though libyaml trips only on the line after it")
  func anOutdentedKeyIsNamed() {
    let yaml = "memory:\n  system: {start: 0x100, pages: 16}\ncalls:\n  - migrate_vma:\n      process: A\n"
      + "    start: 0x7f0000000000\n      pages: 1\n"
    #expect(ScenarioLoader.parse(yaml: yaml, file: "t.yaml").diagnostics.map(\.description) == [
      "t.yaml:7:12: error: invalid YAML: mapping values are not allowed in this context; line 6 is indented less "
        + "(4 spaces) than the lines around it (6 and 6): indent it like its neighbours"
    ])
  }

  @Test func aByteOrderMarkIsIgnored() throws {
    let result = ScenarioLoader.parse(yaml: "\u{FEFF}" + Fixtures.minimal, file: "t.yaml")
    #expect(result.diagnostics.isEmpty)
    #expect(try result.scenarioOrThrow() == ScenarioLoader.parse(yaml: Fixtures.minimal, file: "t.yaml").scenarioOrThrow())
  }

  @Test func aTabIndentIsNamed() {
    let messages = ScenarioLoader.parse(yaml: "memory:\n\tsystem: {start: 0x100, pages: 16}\ncalls: []\n", file: "t.yaml")
      .diagnostics.map(\.description)
    #expect(messages.count == 1)
    #expect(messages.first?.hasPrefix("t.yaml:2:1: error: invalid YAML: ") == true)
    #expect(messages.first?.hasSuffix("; line 2 is indented with a tab, and YAML indents with spaces only") == true)
  }

  @Test func aFlowMappingGetsNoIndentationHint() {
    let messages = ScenarioLoader.parse(yaml: "memory: {system: {start: 1\ncalls: []\n", file: "t.yaml").diagnostics
    #expect(messages.count == 1)
    #expect(messages.first?.message.contains("check the indentation") == false)
  }
}
