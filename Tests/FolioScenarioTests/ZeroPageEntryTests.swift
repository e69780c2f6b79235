import Testing

@testable import FolioScenario

/// Zero-filled pages and zero-page entries: a large anon folio may start with a page of zeroes
/// (the model maps it to the zero page when a split meets it, as the kernel does), and a
/// zero-page entry takes the two bits the kernel keeps on one.
@Suite struct ZeroPageEntryTests {
  func diagnostics(_ yaml: String) -> [String] {
    ScenarioLoader.parse(yaml: yaml, file: "t.yaml").diagnostics.map(\.description)
  }

  /// `minimal` with page 1 of process A mapped by the zero page with `bits`.
  func zeroEntry(_ bits: String) -> String {
    Fixtures.minimal(replacing: "pfn: 0x100, write: true}\n", "pfn: 0x100, write: true}\n          - {page: 1, entry: zero\(bits)}\n")
  }

  @Test("A large anon folio starting with a zero-filled page is valid under both kernels")
  func aZeroFilledPageOfALargeFolioIsValid() {
    let yaml = Fixtures.minimal(replacing: "  - {pfn: 0x100}", "  - {pfn: 0x100}\n  - {pfn: 0x104, order: 2, content: 0, extra_refs: 1}")
    #expect(diagnostics(yaml).isEmpty)
    #expect(diagnostics("kernel: v6.8\n" + yaml).isEmpty)
  }

  @Test func aZeroEntryTakesSoftDirtyAndUffdWp() {
    #expect(diagnostics(zeroEntry(", soft_dirty: true, uffd_wp: true")).isEmpty)
  }

  @Test func aDirtyZeroEntryIsAnError() {
    #expect(diagnostics(zeroEntry(", dirty: true")) == [
      "t.yaml:14:43: error: processes[0].vmas[0].map[1].dirty: the zero page is read-only and never written, so its "
        + "entry is never dirty; drop 'dirty'"
    ])
  }

  @Test func aYoungZeroEntryIsWarnedAsIgnored() {
    #expect(diagnostics(zeroEntry(", young: true")) == [
      "t.yaml:14:43: warning: processes[0].vmas[0].map[1].young: the model keeps only soft_dirty and uffd_wp on a "
        + "zero-page entry; 'young' is ignored"
    ])
  }
}
