import Testing

@testable import FolioScenario

/// A listed folio must start with a reference: refcount 0 is a free page to the kernel.
@Suite struct ReferenceTests {
  func diagnostics(_ yaml: String) -> [String] {
    ScenarioLoader.parse(yaml: yaml, file: "t.yaml").diagnostics.map(\.description)
  }

  func withFolio(_ folio: String, map extra: String = "") -> String {
    Fixtures.minimal
      .replacingOccurrences(of: "  - {pfn: 0x100}\n", with: "  - {pfn: 0x100}\n  - \(folio)\n")
      .replacingOccurrences(of: "pfn: 0x100, write: true}\n", with: "pfn: 0x100, write: true}\n\(extra)")
  }

  @Test("A folio nothing references is an error at its entry")
  func anUnreferencedFolioIsRefused() {
    #expect(diagnostics(withFolio("{pfn: 0x807}")) == [
      "t.yaml:7:5: error: folios[1]: nothing holds a reference to the folio at 0x807 (no mapping, page or swap cache, "
        + "extra_refs or pins), so the kernel would see it as free; give it extra_refs: 1 for a page the driver "
        + "holds, or leave it out"
    ])
    // A migration entry is no mapping: the migration that installed it holds its own reference.
    #expect(diagnostics(withFolio("{pfn: 0x101, locked_by_other: true}", map: "          - {page: 1, entry: migration, pfn: 0x101}\n"))
      .contains { $0.contains("error: folios[1]: nothing holds a reference to the folio at 0x101") })
  }

  @Test("Any holder of a reference is enough", arguments: [
    "{pfn: 0x807, extra_refs: 1}", "{pfn: 0x101, pins: 1}", "{pfn: 0x101, backing: file}", "{pfn: 0x101, backing: shmem}",
    "{pfn: 0x101, swapcache: true}",
  ])
  func referencedFoliosAreAccepted(folio: String) {
    #expect(diagnostics(withFolio(folio)) == [])
  }

  @Test("A mapping of any page of a large folio references it")
  func aMappedTailReferencesTheFolio() {
    #expect(diagnostics(withFolio("{pfn: 0x104, order: 2}", map: "          - {page: 1, entry: present, pfn: 0x106}\n")) == [])
    #expect(diagnostics(withFolio("{pfn: 0x808}", map: "          - {page: 1, entry: device_private, pfn: 0x808}\n")) == [])
  }

  @Test("Overlapping folios get the overlap error alone")
  func overlapsAreNotAlsoUnreferenced() {
    let messages = diagnostics(withFolio("{pfn: 0x100, order: 1}"))
    #expect(messages.count == 1)
    #expect(messages.first?.contains("overlaps folios[0]") == true)
  }
}

/// A misaligned folio is told an aligned start that fits, or why there is none.
@Suite struct AlignmentHintTests {
  func firstDiagnostic(folio: String, system: String = "{start: 0x100, pages: 16}") -> String? {
    let yaml = Fixtures.minimal.replacingOccurrences(of: "  - {pfn: 0x100}\n", with: "  - {pfn: 0x100}\n  - \(folio)\n")
      .replacingOccurrences(of: "system: {start: 0x100, pages: 16}", with: "system: \(system)")
    return ScenarioLoader.parse(yaml: yaml, file: "t.yaml").diagnostics.first?.description
  }

  @Test("A region smaller than the folio is named instead of a start outside it")
  func aRegionTooSmallIsNamed() {
    #expect(firstDiagnostic(folio: "{pfn: 0x101, order: 9, extra_refs: 1}") == "t.yaml:7:11: error: folios[1].pfn: an order-9 "
      + "folio must start at a multiple of 512 pages; 0x101 is not, and system RAM 0x100…0x10f (16 pages) is too small "
      + "for an order-9 folio (512 pages)")
    #expect(firstDiagnostic(folio: "{pfn: 0x101, order: 9}", system: "{start: 0x100, pages: 512}")?
      .hasSuffix("0x101 is not, and system RAM 0x100…0x2ff (512 pages) has no aligned room for an order-9 folio (512 pages)") == true)
  }

  @Test("An aligned start that fits is suggested, below or above")
  func aFittingStartIsSuggested() {
    #expect(firstDiagnostic(folio: "{pfn: 0x105, order: 2}")?.hasSuffix("0x105 is not (try 0x104)") == true)
    #expect(firstDiagnostic(folio: "{pfn: 0x101, order: 9}", system: "{start: 0x100, pages: 1024}")?
      .hasSuffix("0x101 is not (try 0x200)") == true)
  }
}
