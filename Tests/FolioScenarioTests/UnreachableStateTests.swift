import Testing

@testable import FolioScenario

/// Start states no kernel reaches, which `validate` warns about: a run from one would show the
/// model's handling of an impossible case as if it were kernel behaviour.
@Suite struct UnreachableStateTests {
  func diagnostics(_ yaml: String) -> [String] {
    ScenarioLoader.parse(yaml: yaml, file: "t.yaml").diagnostics.map(\.description)
  }

  /// Process A of the minimal scenario plus a process B that maps its page 0x100 too.
  func forked(writableInA: Bool, kind: String = "anon") -> String {
    let b = "  - name: B\n    vmas:\n      - start: 0x7f0000000000\n        pages: 8\n        kind: \(kind)\n"
      + "        map:\n          - {page: 0, entry: present, pfn: 0x100}\n"
    return Fixtures.minimal(replacing: "        map:\n          - {page: 0, entry: present, pfn: 0x100, write: true}\n",
                                       "        kind: \(kind)\n        map:\n          - {page: 0, entry: present, pfn: 0x100, write: \(writableInA)}\n" + b)
  }

  @Test func aWritableMappingOfAPageSharedAfterForkIsWarned() {
    #expect(diagnostics(forked(writableInA: true)) == [
      "t.yaml:14:58: warning: processes[0].vmas[0].map[0].write: 0x100 is an anonymous page mapped 2 times "
        + "(A 0x7f0000000000, B 0x7f0000000000); after fork every mapping of a shared anonymous page is read-only, "
        + "so this one cannot be writable"
    ])
    #expect(diagnostics(forked(writableInA: false)).isEmpty)
    let shared = forked(writableInA: true, kind: "shared").replacingOccurrences(of: "{pfn: 0x100}", with: "{pfn: 0x100, backing: shmem}")
    #expect(diagnostics(shared).isEmpty, "a shared mapping may be writable in both")
  }

  @Test("An anon folio mapped writable by a file VMA's PTE and another process's is warned about like any shared anon page")
  func sharedAnonThroughAFileVMA() {
    let yaml = """
      memory: {system: {start: 0x1000, pages: 16}}
      folios: [{pfn: 0x1005}]
      processes:
        - {name: A, vmas: [{start: 0x1000, pages: 1, kind: file, map: [{page: 0, entry: present, pfn: 0x1005}]}]}
        - {name: B, vmas: [{start: 0x1000, pages: 1, map: [{page: 0, entry: present, pfn: 0x1005, write: true}]}]}
      calls: []

      """
    #expect(diagnostics(yaml).contains { $0.contains("warning: processes[1].vmas[0].map[0].write: 0x1005 is an anonymous "
      + "page mapped 2 times (A 0x1000, B 0x1000)") })
  }

  @Test("A migration entry naming a folio nobody holds locked is warned about (I3)")
  func aMigrationEntryNeedsALockedFolio() {
    let yaml = Fixtures.minimal(replacing: "{page: 0, entry: present, pfn: 0x100, write: true}", "{page: 0, entry: migration, pfn: 0x100}")
    #expect(diagnostics(yaml).contains { $0.contains("warning: processes[0].vmas[0].map[0].pfn: a migration entry exists "
      + "only while its folio is locked") })
    #expect(diagnostics(yaml.replacingOccurrences(of: "{pfn: 0x100}", with: "{pfn: 0x100, locked_by_other: true, extra_refs: 1}")).isEmpty)
  }

  @Test func cachesAndPinsOnlyWhereTheKernelHasThem() {
    let file = diagnostics(Fixtures.minimal(replacing: "  - {pfn: 0x100}\n", "  - {pfn: 0x100}\n  - {pfn: 0x108, backing: file, swapcache: true}\n"))
    #expect(file.contains { $0.contains("folios[1].swapcache: a regular file's page is never in the swap cache") }, "\(file)")
    let shmem = diagnostics(Fixtures.minimal(replacing: "  - {pfn: 0x100}\n", "  - {pfn: 0x100}\n  - {pfn: 0x108, backing: shmem, swapcache: true}\n"))
    #expect(!shmem.contains { $0.contains("swap cache") }, "a shmem page may be in the swap cache")
    let device = diagnostics(Fixtures.minimal(replacing: "  - {pfn: 0x100}\n", "  - {pfn: 0x100}\n  - {pfn: 0x800, swapcache: true, pins: 1}\n"))
    #expect(device.contains { $0.contains("folios[1].swapcache: device private pages are never in the swap cache") },
            "\(device)")
    #expect(device.contains { $0.contains("folios[1].pins: device-private pages cannot be pinned") }, "\(device)")
    let isolated = diagnostics(Fixtures.minimal(replacing: "  - {pfn: 0x100}\n", "  - {pfn: 0x100}\n  - {pfn: 0x800, isolated: true}\n"))
    #expect(isolated.contains { $0.contains("folios[1].isolated: device private pages are never on the LRU") }, "\(isolated)")
    // Isolation holds a reference, so an isolated page that nothing maps is not free.
    let held = diagnostics(Fixtures.minimal(replacing: "  - {pfn: 0x100}\n", "  - {pfn: 0x100}\n  - {pfn: 0x108, isolated: true}\n"))
    #expect(!held.contains { $0.contains("nothing holds a reference") }, "\(held)")
  }

  @Test("A device-exclusive page that another entry maps too is warned about: make_device_exclusive breaks CoW first")
  func aDeviceExclusivePageMappedElsewhereIsWarned() {
    let exclusive = Fixtures.minimal.replacingOccurrences(
      of: "{page: 0, entry: present, pfn: 0x100, write: true}", with: "{page: 0, entry: device_exclusive, pfn: 0x100}")
    #expect(diagnostics(exclusive).isEmpty)
    let shared = exclusive.replacingOccurrences(of: "\ncalls:", with: """

      - name: B
        vmas:
          - start: 0x7f0000000000
            pages: 1
            map:
              - {page: 0, entry: present, pfn: 0x100}
    calls:
    """)
    #expect(diagnostics(shared) == [
      "t.yaml:13:30: warning: processes[0].vmas[0].map[0].entry: 0x100 is mapped 2 times (A 0x7f0000000000, "
        + "B 0x7f0000000000), once by this device-exclusive entry: make_device_exclusive() breaks CoW first, so the "
        + "page it makes exclusive has no other mapping, and no kernel reaches this state"
    ])
  }

  @Test("A writable uffd-wp entry is an error: userfaultfd's write protection is a cleared write bit")
  func aWritableUffdWpEntryIsAnError() {
    let yaml = Fixtures.minimal(replacing: "{page: 0, entry: present, pfn: 0x100, write: true}",
                                "{page: 0, entry: present, pfn: 0x100, write: true, uffd_wp: true}")
    #expect(diagnostics(yaml) == [
      "t.yaml:13:73: error: processes[0].vmas[0].map[0].uffd_wp: a uffd-wp entry is write-protected "
        + "(UFFDIO_WRITEPROTECT clears its write bit, and a write fault goes to userfaultfd), so it cannot be writable "
        + "too; drop 'write' or 'uffd_wp'"
    ])
    let readOnly = Fixtures.minimal(replacing: "{page: 0, entry: present, pfn: 0x100, write: true}",
                                    "{page: 0, entry: present, pfn: 0x100, uffd_wp: true}")
    #expect(diagnostics(readOnly).isEmpty)
  }

  @Test("A writable uffd-wp device-private entry is an error too: collect gives a uffd-wp PTE no WRITE to carry")
  func aWritableUffdWpDevicePrivateEntryIsAnError() {
    let yaml = Fixtures.minimal(replacing: "  - {pfn: 0x100}\n", "  - {pfn: 0x100}\n  - {pfn: 0x800}\n")
      .replacingOccurrences(of: "{page: 0, entry: present, pfn: 0x100, write: true}",
                            with: "{page: 0, entry: present, pfn: 0x100, write: true}\n"
                              + "          - {page: 1, entry: device_private, pfn: 0x800, write: true, uffd_wp: true}")
    #expect(diagnostics(yaml).contains { $0.contains("error: processes[0].vmas[0].map[1].uffd_wp: a uffd-wp entry is "
      + "write-protected") }, "\(diagnostics(yaml))")
  }

  @Test("A device-exclusive page inside another process's huge PMD is mapped twice: the PMD maps all 512 pages")
  func aDeviceExclusivePageUnderAHugePMDIsWarned() {
    let yaml = """
      memory:
        system: {start: 0x200, pages: 1024}
        devices:
          - {name: DEV0, type: private, start: 0x800, pages: 16}
      folios:
        - {pfn: 0x400, order: 9}
      processes:
        - name: A
          vmas:
            - start: 0x7f0000000000
              pages: 512
              map:
                - {page: 0, entry: huge_pmd, pfn: 0x400}
        - name: B
          vmas:
            - start: 0x7f0000000000
              pages: 1
              map:
                - {page: 0, entry: device_exclusive, pfn: 0x405}
      calls:
        - migrate_vma: {process: A, start: 0x7f0000000000, pages: 1, owner: DEV0}

      """
    #expect(diagnostics(yaml).contains { $0.contains("processes[1].vmas[0].map[0].entry: 0x405 is mapped 2 times "
      + "(A 0x7f0000000000, B 0x7f0000000000)") }, "\(diagnostics(yaml))")
  }
}
