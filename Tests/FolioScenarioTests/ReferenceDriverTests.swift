import Testing

@testable import FolioScenario

/// Warnings where lib/test_hmm.c, the reference driver, would not make the call the model shows.
@Suite struct ReferenceDriverTests {
  func diagnostics(_ yaml: String) -> [String] {
    ScenarioLoader.parse(yaml: yaml, file: "t.yaml").diagnostics.map(\.description)
  }

  /// The minimal scenario with its VMA's `prot` set and no page mapped (a PROT_NONE VMA maps none).
  func unmapped(prot: String) -> String {
    Fixtures.minimal
      .replacingOccurrences(of: "        map:\n          - {page: 0, entry: present, pfn: 0x100, write: true}\n",
                            with: "        prot: \(prot)\n")
      .replacingOccurrences(of: "  - {pfn: 0x100}\n", with: "  - {pfn: 0x100, extra_refs: 1}\n")
  }

  @Test("A migrate_vma over a VMA without read permission: dmirror refuses it before setup")
  func aRangeWithoutReadPermissionIsWarned() {
    #expect(diagnostics(unmapped(prot: "none")) == [
      "t.yaml:14:18: warning: calls[0].migrate_vma: the range's VMA at 0x7f0000000000 has no read permission (prot: none): "
        + "the reference driver (lib/test_hmm.c) refuses such a range with -EINVAL before it calls migrate_vma_setup; "
        + "the simulation shows what the core itself does"
    ])
    #expect(diagnostics(unmapped(prot: "r")) == [])
  }
}
