import Foundation
import Testing

/// `compare` on runs too long to line up step by step: it says so, with the sizes, and shows
/// where they first part instead.
@Suite struct CompareFallbackTests {
  /// Eight PTE-mapped 2 MiB folios: v6.8 skips each of their 4096 pages at collect, v7.0 splits
  /// them and migrates every page, so the middles of the runs are 4104 and 20497 steps long,
  /// beyond the alignment's table.
  static func eightPTEMappedTHPs() -> String {
    var lines = ["name: long-mthp", "title: Eight PTE-mapped 2 MiB folios", "kernel: v7.0", "memory:",
                 "  system: {start: 0x10000, pages: 8192}", "  devices:",
                 "    - {name: DEV0, type: private, start: 0x100000, pages: 4096}", "folios:"]
    for folio in 0..<8 { lines.append("  - {pfn: 0x\(String(0x10000 + 512 * folio, radix: 16)), order: 9, backing: anon}") }
    lines += ["processes:", "  - name: A", "    vmas:", "      - start: 0x7f0000000000", "        pages: 4096",
              "        kind: anon", "        prot: rw", "        map:"]
    for page in 0..<4096 {
      lines.append("          - {page: \(page), entry: present, pfn: 0x\(String(0x10000 + page, radix: 16)), write: true}")
    }
    lines.append("calls:")
    lines.append("  - migrate_vma: {process: A, start: 0x7f0000000000, pages: 4096, select: [system], owner: DEV0}")
    return lines.joined(separator: "\n") + "\n"
  }

  @Test func tooLongToAlignSaysSoAndShowsTheFirstDivergence() throws {
    let folder = try TemporaryFolder()
    let path = try folder.write(Self.eightPTEMappedTHPs(), to: "long-mthp.yaml")
    let result = try Folioscope.run(["compare", path])
    #expect(result.status == 0)
    #expect(result.lines.first == "Eight PTE-mapped 2 MiB folios: v6.8 (4110 steps) vs v7.0 (20503 steps)")
    let said = try #require(result.lines.firstIndex { $0.hasPrefix("The runs are too long") })
    #expect(result.lines[said] == "The runs are too long to line up step by step (4104 and 20497 steps between "
      + "their common start and end); where they first part:")
    #expect(result.lines[said + 1].hasPrefix("  v6.8 step 4 collect migrate_vma_collect_pmd: Slot 0 (0x7f0000000000): "
      + "0x10000 belongs to a large folio (order 9)"))
    #expect(result.lines[said + 2].hasPrefix("  v7.0 step 4 collect migrate_vma_split_folio: Slot 0 (0x7f0000000000): "
      + "0x10000 is a PTE-mapped large folio (order 9, 512 pages)."))
    #expect(!result.lines.contains { $0.hasPrefix("Where the runs part") })
  }
}
