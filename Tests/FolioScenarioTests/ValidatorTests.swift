import Testing

@testable import FolioScenario

@Suite struct ValidatorTests {
  func diagnostics(_ yaml: String) -> [String] {
    ScenarioLoader.parse(yaml: yaml, file: "t.yaml").diagnostics.map(\.description)
  }

  @Test func migrateRangeOutsideItsVMAIsOnlyAWarning() throws {
    let yaml = Fixtures.minimal(replacing: "pages: 8, owner: DEV0", "pages: 9, owner: DEV0")
    let result = ScenarioLoader.parse(yaml: yaml, file: "t.yaml")
    #expect(result.diagnostics.map(\.description) == [
      "t.yaml:15:18: warning: calls[0].migrate_vma: the range ends at 0x7f0000009000, past its VMA's end 0x7f0000008000: migrate_vma_setup returns -EINVAL"
    ])
    #expect(result.scenario != nil)
    #expect(try ScenarioLoader.load(yaml: yaml, file: "t.yaml").calls.count == 1)
  }

  @Test func anUnalignedStartThatWouldOverflowTheArraysIsAnError() {
    // nr_pages = 0x1800 >> 12 = 1, but the aligned walk covers 0x…0000–0x…2000: two entries.
    let overflowing = diagnostics(Fixtures.minimal(replacing: "start: 0x7f0000000000, pages: 8,", "start: 0x7f0000000800, end: 0x7f0000002000,"))
    #expect(overflowing.first == "t.yaml:15:38: error: calls[0].migrate_vma.start: 0x7f0000000800 is not page-aligned: "
      + "migrate_vma_setup sizes src and dst by (end - start) >> 12 = 1 but walks the page-aligned range, 2 pages, so it "
      + "would write past both arrays; align start (and end) to 4096")
    // Unaligned by the same amount at both ends, the walk fits nr_pages: the kernel masks both.
    let fitting = diagnostics(Fixtures.minimal(replacing: "start: 0x7f0000000000, pages: 8,", "start: 0x7f0000000800, end: 0x7f0000008800,"))
    #expect(!fitting.contains { $0.contains("not page-aligned") }, "\(fitting)")
  }

  @Test func markCompoundIsWarnedUnderV68AndItsSlotsMustExist() {
    let v68 = diagnostics("kernel: v6.8\n" + Fixtures.minimal(replacing: "owner: DEV0}", "owner: DEV0, driver: {mark_compound: [0]}}"))
    #expect(v68.count == 1)
    #expect(v68.first?.contains("warning: calls[0].migrate_vma.driver.mark_compound: MIGRATE_PFN_COMPOUND came with") == true)
    let missing = diagnostics(Fixtures.minimal(replacing: "owner: DEV0}", "owner: DEV0, driver: {mark_compound: [9]}}"))
    #expect(missing.count == 1)
    #expect(missing.first?.contains("error: calls[0].migrate_vma.driver.mark_compound[0]: slot 9 does not exist") == true)
  }

  @Test func aV68ScenarioAskingForTHPSeriesFeaturesIsWarned() {
    let yaml = "kernel: v6.8\n" + Fixtures.minimal(replacing: "owner: DEV0}", "owner: DEV0, select: [system, compound]}")
    let messages = diagnostics(yaml)
    #expect(messages.count == 1)
    #expect(messages.first?.contains("warning: calls[0].migrate_vma.select: compound came with the v6.19 THP series; v6.8 ignores it") == true)
  }

  @Test func aV68ScenarioCallingMigrateDevicePfnsIsWarned() {
    let yaml = "kernel: v6.8\n" + Fixtures.minimal(replacing: "  - migrate_vma: {process: A, start: 0x7f0000000000, pages: 8, owner: DEV0}",
                                             "  - migrate_device_pfns: {pfns: [0x800]}")
    #expect(diagnostics(yaml).contains { $0.contains("warning: calls[0].migrate_device_pfns: migrate_device_pfns came with "
      + "v6.15; a v6.8 driver can only use migrate_device_range") })
    #expect(!diagnostics(yaml.replacingOccurrences(of: "kernel: v6.8", with: "kernel: v7.0"))
      .contains { $0.contains("came with v6.15") })
  }

  @Test("A shape problem in expect does not hide the meaning problems of the rest of the file")
  func expectProblemsDoNotHideOthers() {
    let yaml = Fixtures.minimal(replacing: "  - migrate_vma: {process: A, start: 0x7f0000000000, pages: 8, owner: DEV0}",
                         "  - migrate_vma: {process: A, start: 0x7f0000000000, pages: 8, owner: DEV9}")
      + "expect:\n  v7.0:\n    calls:\n      - {src: [0x1], dts: [0x1]}\n"
    let messages = diagnostics(yaml)
    #expect(messages.contains { $0.contains("error: unknown key 'dts' in expect.v7.0.calls[0]; did you mean 'dst'?") })
    #expect(messages.contains { $0.contains("error: calls[0].migrate_vma.owner: no device named 'DEV9' (known: DEV0)") }, "\(messages)")
    #expect(ScenarioLoader.parse(yaml: yaml, file: "t.yaml").scenario == nil)
  }

  @Test("At most 4096 processes and 255 devices: the model numbers them in 12 and 8 bits")
  func processAndDeviceCountsAreCapped() {
    let processes = (0...4096).map { "  - {name: P\($0)}\n" }.joined()
    let manyProcesses = "memory:\n  system: {start: 0x100, pages: 1}\nprocesses:\n\(processes)calls: []\n"
    #expect(diagnostics(manyProcesses).contains { $0.hasSuffix("error: processes[4096]: a scenario has at most 4096 processes") })
    let devices = (0...255).map { "    - {name: D\($0), type: private, start: \(0x1000 + $0), pages: 1}\n" }.joined()
    let manyDevices = "memory:\n  system: {start: 0x100, pages: 1}\n  devices:\n\(devices)calls: []\n"
    #expect(diagnostics(manyDevices).contains { $0.hasSuffix("error: memory.devices[255]: a scenario has at most 255 devices") })
  }

  @Test("A coherent call needs a reference no earlier coherent call consumed; a large folio is warned about")
  func coherentCallsConsumeTheirReference() {
    let coherent = Fixtures.minimal(replacing: "  - {name: DEV0, type: private, start: 0x800, pages: 16}",
                             "  - {name: DEV0, type: private, start: 0x800, pages: 16}\n    - {name: C, type: coherent, start: 0xc00, pages: 4}")
      .replacingOccurrences(of: "  - {pfn: 0x100}", with: "  - {pfn: 0x100}\n  - {pfn: 0xc00, extra_refs: 1}")
      .replacingOccurrences(of: "owner: DEV0}", with: "owner: DEV0}\n  - migrate_device_coherent_folio: {pfn: 0xc00}")
    #expect(!diagnostics(coherent).contains { $0.contains("no reference left") })
    let twice = coherent.replacingOccurrences(of: "  - migrate_device_coherent_folio: {pfn: 0xc00}",
                                              with: "  - migrate_device_coherent_folio: {pfn: 0xc00}\n  - migrate_device_coherent_folio: {pfn: 0xc00}")
    #expect(diagnostics(twice).contains { $0.contains("warning: calls[2].migrate_device_coherent_folio.pfn: 0xc00 has no "
      + "reference left") && $0.hasSuffix("an earlier migrate_device_coherent_folio consumed one") })
    #expect(!diagnostics(twice + "events:\n  - {call: 1, at: after_finalize, get_reference: 0xc00}\n").contains {
      $0.contains("no reference left") }, "an event gave the second caller its reference")
    let large = coherent.replacingOccurrences(of: "{pfn: 0xc00, extra_refs: 1}", with: "{pfn: 0xc00, order: 1, extra_refs: 1}")
    #expect(diagnostics(large).contains { $0.contains("0xc00 is an order-1 folio: the kernel warns (WARN_ON_ONCE") })
  }

  @Test("expect: a negative count is an error; an entry in no VMA or a page outside memory, which never match, are warned about")
  func expectationsThatCannotMatch() {
    let negative = Fixtures.minimal + "expect:\n  v7.0:\n    pages:\n      - {pfn: 0x100, refcount: -1}\n"
    #expect(diagnostics(negative).contains { $0.hasSuffix("error: expect.v7.0.pages[0].refcount: expected a number ≥ 0, found -1") })
    let never = Fixtures.minimal + "expect:\n  v7.0:\n    ptes:\n      - {process: A, address: 0x1000, entry: present}\n"
      + "      - {process: A, address: 0x2000, entry: none}\n    pages:\n      - {pfn: 0x900}\n"
    let messages = diagnostics(never)
    #expect(messages.contains { $0.hasSuffix("warning: expect.v7.0.ptes[0].address: 0x1000 is in no VMA of process A: no entry "
      + "can be there, so 'present' never matches") })
    #expect(!messages.contains { $0.contains("ptes[1]") }, "'none' does match an address outside every VMA")
    #expect(messages.contains { $0.hasSuffix("warning: expect.v7.0.pages[0].pfn: 0x900 is outside memory (0x100–0x10f, "
      + "0x800–0x80f): this never matches") }, "\(messages)")
  }

  @Test("A decimal pfn whose digits name a pfn in memory as hex gets a hint")
  func aDecimalPfnGetsAHexHint() {
    #expect(!diagnostics(Fixtures.minimal(replacing: "  - {pfn: 0x100}", "  - {pfn: 0x100}\n  - {pfn: 0x990}")).contains { $0.contains("did you mean") },
            "0x2448 (the digits of 2448) is not in memory either")
    let messages = diagnostics(Fixtures.minimal(replacing: "  - {pfn: 0x100}", "  - {pfn: 0x100}\n  - {pfn: 105}"))
    #expect(messages.contains { $0.hasSuffix("error: folios[1].pfn: pfn 0x69 is not inside one memory range (system RAM or "
      + "a device); did you mean 0x105 (105 reads as decimal)?") }, "\(messages)")
  }

  @Test("migrate_device_range over system RAM names the device ranges it could start in")
  func aDeviceRangeInSystemRAMNamesTheDevices() {
    let yaml = Fixtures.minimal(replacing: "  - migrate_vma: {process: A, start: 0x7f0000000000, pages: 8, owner: DEV0}",
                         "  - migrate_device_range: {start_pfn: 0x100, pages: 2}")
    #expect(diagnostics(yaml).contains { $0.hasSuffix("error: calls[0].migrate_device_range.start_pfn: 0x100 is system "
      + "RAM; migrate_device_range evicts a device's pages: start in DEV0 0x800–0x80f") })
  }

  @Test("An unlocked fault page is warned about under v7.0 (setup returns -EINVAL), not under v6.8")
  func anUnlockedFaultPageIsWarnedFromV615() {
    let yaml = Fixtures.minimal(replacing: "  - {pfn: 0x100}", "  - {pfn: 0x100}\n  - {pfn: 0x800}")
      .replacingOccurrences(of: "owner: DEV0}", with: "owner: DEV0, select: device_private, fault_page: 0x800}")
    let warning = "warning: calls[0].migrate_vma.fault_page: 0x800 is not locked: since v6.15 do_swap_page locks the fault page"
    #expect(diagnostics(yaml).contains { $0.contains(warning) })
    #expect(!diagnostics("kernel: v6.8\n" + yaml).contains { $0.contains("is not locked") })
    #expect(!diagnostics(yaml.replacingOccurrences(of: "{pfn: 0x800}", with: "{pfn: 0x800, locked_by_other: true}"))
      .contains { $0.contains("is not locked") })
  }

  @Test("A VMA with an error of its own does not also make the calls on it warn (no problem is told twice)")
  func anInvalidVMAIsNotWarnedAboutAgain() {
    let yaml = Fixtures.minimal(replacing: "        pages: 8\n", "        pages: 70000\n")
      .replacingOccurrences(of: "owner: DEV0}", with: "owner: DEV0}\n  - cpu_fault: {process: A, address: 0x7f0000000000}")
    #expect(diagnostics(yaml) == ["t.yaml:11:16: error: processes[0].vmas[0].pages: expected 1…65536 pages, found 70000"])
  }

  @Test("A VMA maps only its kind of page: anon in a private anonymous VMA, shmem in a shared one")
  func aVMAMapsItsKindOfPage() {
    let shmemInAnon = Fixtures.minimal(replacing: "  - {pfn: 0x100}", "  - {pfn: 0x100, backing: shmem}")
    #expect(diagnostics(shmemInAnon) == ["t.yaml:13:44: warning: processes[0].vmas[0].map[0].pfn: 0x100 is a shmem folio "
      + "in a private anonymous VMA, which holds only anonymous pages (and the zero page)"])
    let anonInShared = Fixtures.minimal(replacing: "        pages: 8\n", "        pages: 8\n        kind: shared\n")
    #expect(diagnostics(anonInShared).contains { $0.contains("0x100 is an anon folio in a shared anonymous VMA") })
    #expect(diagnostics(anonInShared.replacingOccurrences(of: "{pfn: 0x100}", with: "{pfn: 0x100, backing: shmem}")) == [])
    let swapped = anonInShared.replacingOccurrences(of: "{pfn: 0x100}", with: "{pfn: 0x100, backing: shmem, swapcache: true}")
    #expect(diagnostics(swapped).contains { $0.contains("0x100 is a mapped shmem folio in the swap cache") })
    let fileVMA = Fixtures.minimal(replacing: "        pages: 8\n", "        pages: 8\n        kind: file\n")
    #expect(diagnostics(fileVMA) == [], "an anon page a copy-on-write fault put in a private file mapping")
    #expect(diagnostics(fileVMA.replacingOccurrences(of: "{pfn: 0x100}", with: "{pfn: 0x100, backing: file}")) == [])
    #expect(diagnostics(Fixtures.minimal(replacing: "        pages: 8\n", "        pages: 8\n        kind: shmem\n")).contains {
      $0.hasSuffix("expected one of 'anon', 'shared', 'file', found 'shmem'; did you mean 'shared'?")
    })
  }

  @Test("An anon THP mapped by a PMD in a file VMA is warned about; a file THP there is not")
  func anAnonTHPInAFileVMA() {
    let yaml = """
      memory:
        system: {start: 0x200, pages: 512}
        devices:
          - {name: DEV0, type: private, start: 0x800, pages: 512}
      folios:
        - {pfn: 0x200, order: 9, backing: anon}
      processes:
        - name: A
          vmas:
            - start: 0x7f0000000000
              pages: 512
              kind: file
              map:
                - {page: 0, entry: huge_pmd, pfn: 0x200, write: true}
      calls:
        - migrate_vma: {process: A, start: 0x7f0000000000, pages: 512, select: system, owner: DEV0}

      """
    #expect(diagnostics(yaml) == ["t.yaml:14:45: warning: processes[0].vmas[0].map[0].pfn: 0x200 is an anon THP mapped by "
      + "a PMD in a file VMA: a private file mapping gets its anonymous pages one by one from copy-on-write faults, "
      + "khugepaged collapses only the file's own pages there, and migration inserts a THP only into a hole of an "
      + "anonymous VMA"])
    #expect(diagnostics(yaml.replacingOccurrences(of: "backing: anon", with: "backing: file")) == [])
  }

  @Test("v7.0: a fail_alloc past slot 0 of a migration to RAM is warned about (dmirror strands the slots before it)")
  func failAllocOnTheWayToRAM() {
    let toRAM = Fixtures.minimal(replacing: "owner: DEV0}", "owner: DEV0, select: device_private, driver: {fail_alloc: [1]}}")
    #expect(diagnostics(toRAM).contains { $0.contains("calls[0].migrate_vma.driver.fail_alloc: on the way to RAM dmirror "
      + "gives up at a failed allocation") })
    #expect(!diagnostics("kernel: v6.8\n" + toRAM).contains { $0.contains("gives up") })
    #expect(!diagnostics(toRAM.replacingOccurrences(of: "fail_alloc: [1]", with: "fail_alloc: [0]")).contains { $0.contains("gives up") })
  }

  @Test("A migrate_device_coherent_folio whose caller holds no reference is warned about")
  func aCoherentCallNeedsItsCallersReference() {
    let full = Fixtures.full.replacingOccurrences(of: "{pfn: 0xc00, extra_refs: 1}", with: "{pfn: 0xc00}")
    let messages = ScenarioLoader.parse(yaml: full, file: "t.yaml").diagnostics.map(\.description)
    #expect(messages.count == 1)
    #expect(messages.first?.contains("warning: calls[3].migrate_device_coherent_folio.pfn: 0xc00 has no reference left "
      + "for the caller (get_user_pages with FOLL_LONGTERM) to hold") == true, "\(messages)")
  }

  @Test("A hand-written fault page without do_swap_page's reference is warned about")
  func aFaultPageNeedsTheFaultHandlersReference() {
    let yaml = Fixtures.minimal(replacing: "  - {pfn: 0x100}", "  - {pfn: 0x100}\n  - {pfn: 0x800, locked_by_other: true}")
      .replacingOccurrences(of: "owner: DEV0}", with: "owner: DEV0, select: device_private, fault_page: 0x800}")
    let warning = "warning: calls[0].migrate_vma.fault_page: 0x800 has no extra reference: do_swap_page holds one"
    #expect(diagnostics(yaml).contains { $0.contains(warning) })
    #expect(diagnostics(yaml.replacingOccurrences(of: "locked_by_other: true}", with: "locked_by_other: true, extra_refs: 1}"))
      .isEmpty)
  }

  @Test("A large device folio is warned about under v6.8, whose driver has single device pages only")
  func largeDeviceFoliosAreWarnedInV68() {
    let yaml = Fixtures.minimal(replacing: "  - {pfn: 0x100}", "  - {pfn: 0x100}\n  - {pfn: 0x800, order: 2, extra_refs: 1}")
    #expect(diagnostics("kernel: v6.8\n" + yaml).contains {
      $0.contains("warning: folios[1].order: large device folios came with the v6.19 THP series")
    })
    #expect(diagnostics(yaml).isEmpty)
  }

  @Test("A pfn outside memory is told which ranges there are")
  func outsideMemoryNamesTheRanges() {
    let yaml = Fixtures.minimal(replacing: "{page: 0, entry: present, pfn: 0x100, write: true}", "{page: 0, entry: present, pfn: 0x1003, write: true}")
    #expect(diagnostics(yaml).contains { $0.hasSuffix("error: processes[0].vmas[0].map[0].pfn: 0x1003 is outside memory "
      + "(0x100–0x10f, 0x800–0x80f)") })
  }

  @Test("A driver destination outside the memory the driver allocates from is warned about")
  func aDestinationOutsideTheDriversMemory() {
    let yaml = Fixtures.minimal(replacing: "owner: DEV0}", "owner: DEV0, driver: {dst: {0: 0x105}}}")
    #expect(diagnostics(yaml).contains { $0.hasSuffix("warning: calls[0].migrate_vma.driver.dst[0]: 0x105 is in system RAM, "
      + "but this driver allocates from DEV0; name one of its pages or set allocate_from") })
    #expect(diagnostics(yaml.replacingOccurrences(of: "dst: {0: 0x105}", with: "dst: {0: 0x805}")).isEmpty)
  }

  @Test("A misspelt required key is reported once, with its hint, not also as missing")
  func aMisspeltRequiredKeyIsNotAlsoMissing() {
    let yaml = Fixtures.minimal(replacing: "    pages: 8\n", "    pagse: 8\n").replacingOccurrences(of: "pages: 8, owner", with: "pagse: 8, owner")
    let messages = diagnostics(yaml)
    #expect(messages.count == 2, "\(messages)")
    #expect(messages.allSatisfy { $0.contains("unknown key 'pagse'") && $0.hasSuffix("did you mean 'pages'?") })
  }

  @Test func everyProblemIsReportedInFileOrder() {
    let yaml = Fixtures.minimal(replacing: "{pfn: 0x100}", "{pfn: 0x100, ordr: 1, pins: x}")
      .replacingOccurrences(of: "pages: 8\n", with: "pages: 8\n        kindd: anon\n")
      .replacingOccurrences(of: "owner: DEV0}", with: "owner: DEV0, select: [sytem]}")
    #expect(diagnostics(yaml) == [
      "t.yaml:6:18: error: unknown key 'ordr' in folios[0]; did you mean 'order'?",
      "t.yaml:6:33: error: folios[0].pins: expected a number ≥ 0, found 'x'",
      "t.yaml:12:9: error: unknown key 'kindd' in processes[0].vmas[0]; did you mean 'kind'?",
      "t.yaml:16:86: error: calls[0].migrate_vma.select[0]: expected one of 'system', 'device_private', 'device_coherent', 'compound', found 'sytem'; did you mean 'system'?",
    ])
  }

  @Test func meaningErrorsAreAllReportedToo() {
    let yaml = Fixtures.minimal(replacing: "{pfn: 0x100}", "{pfn: 0x100}\n  - {pfn: 0x101, order: 3}\n  - {pfn: 0x900}")
      .replacingOccurrences(of: "owner: DEV0}", with: "owner: GPU}")
    #expect(diagnostics(yaml) == [
      "t.yaml:7:11: error: folios[1].pfn: an order-3 folio must start at a multiple of 8 pages; 0x101 is not (try 0x100)",
      "t.yaml:8:11: error: folios[2].pfn: pfn 0x900 is not inside one memory range (system RAM or a device)",
      "t.yaml:17:71: error: calls[0].migrate_vma.owner: no device named 'GPU' (known: DEV0)",
    ])
  }

  @Test func hexAndDecimalAreTheSameNumbers() throws {
    let decimal = Fixtures.minimal(replacing: "{start: 0x100, pages: 16}", "{start: 256, pages: 0x10}").replacingOccurrences(of: "{pfn: 0x100}", with: "{pfn: 256}")
    let a = try ScenarioLoader.load(yaml: decimal, file: "a.yaml")
    let b = try ScenarioLoader.load(yaml: Fixtures.minimal, file: "a.yaml")
    #expect(a == b)
  }

  @Test func unicodeNamesAreFineWhenConsistent() throws {
    let yaml = Fixtures.minimal(replacing: "- name: A", "- name: Prozeß-α").replacingOccurrences(of: "process: A,", with: "process: Prozeß-α,")
    let scenario = try ScenarioLoader.load(yaml: "title: Ünïcödé ✓\n" + yaml, file: "u.yaml")
    #expect(scenario.processes[0].name == "Prozeß-α")
    #expect(scenario.title == "Ünïcödé ✓")
  }

  @Test func aReferenceTakenEarlierMayBePut() {
    let yaml = Fixtures.minimal + """
      events:
        - {call: 0, at: after_pages, put_reference: 0x100}
        - {call: 0, at: after_setup, get_reference: 0x100}
      """
    #expect(diagnostics(yaml) == [])
  }

  @Test func outcomesAfterAFaultAreNotSizeChecked() {
    let yaml = Fixtures.minimal + """
      events:
        - {call: 0, at: after_setup, cpu_access: {process: A, address: 0x7f0000000000}}
      expect:
        v7.0:
          calls:
            - {src: [0x400b, 0, 0, 0, 0, 0, 0, 0], dst: [0x20009, 0, 0, 0, 0, 0, 0, 0]}
            - {src: [0x2000b], dst: [0x4009]}
      """
    #expect(diagnostics(yaml) == [])
  }

  @Test func pmdEntriesNeedAnOrderNineHead() {
    let yaml = Fixtures.minimal(replacing: "pages: 8\n", "pages: 512\n")
      .replacingOccurrences(of: "{page: 0, entry: present, pfn: 0x100, write: true}", with: "{page: 0, entry: huge_pmd, pfn: 0x100}")
      .replacingOccurrences(of: "pages: 8, owner", with: "pages: 512, owner")
    #expect(diagnostics(yaml) == [
      "t.yaml:13:45: error: processes[0].vmas[0].map[0].pfn: a 'huge_pmd' entry names the head of an order-9 folio; 0x100 is the head of an order-0 folio"
    ])
  }

  @Test func scenariosBuiltInCodeAreValidatedToo() {
    let scenario = Scenario(
      name: "code", title: "Built in code", memory: PhysicalMemory(system: PfnRange(start: 0x100, count: 0)),
      folios: [FolioSpec(pfn: 0x100, order: 12)], calls: [])
    #expect(ScenarioValidator.validate(scenario).map(\.description) == [
      "<scenario>:1:1: error: memory.system.pages: expected 1…65536 pages, found 0",
      "<scenario>:1:1: error: folios[0].order: expected an order 0…9, found 12",
    ])
  }

  @Test func validateByPathReportsTheSameAsParse() {
    #expect(ScenarioValidator.validate(path: "/nonexistent/x.yaml").map(\.description) == [
      "/nonexistent/x.yaml:1:1: error: cannot read the file: it does not exist"
    ])
  }

  @Test func aGroupOutsideTheLibraryIsWarnedWithTheClosestName() {
    #expect(diagnostics("group: happy_path\n" + Fixtures.minimal) == [
      "t.yaml:1:8: warning: group: 'happy_path' is not a library group (known: happy-path, refusals, races, thp, "
        + "device-to-system, beyond-spec); did you mean 'happy-path'?"
    ])
    #expect(diagnostics("group: races\n" + Fixtures.minimal).isEmpty)
  }

  @Test func aTitleForTheScenariosOwnKernelIsWarnedAsNeverShown() {
    #expect(diagnostics("titles: {v7.0: Other}\n" + Fixtures.minimal) == [
      "t.yaml:1:16: warning: titles.v7.0: v7.0 is the scenario's own kernel, which shows 'title'; this title is "
        + "never shown (titles are for the other kernels)"
    ])
    #expect(diagnostics("titles: {v6.8: Other}\n" + Fixtures.minimal).isEmpty)
    #expect(diagnostics("titles: {v6.9: Other}\n" + Fixtures.minimal) == [
      "t.yaml:1:10: error: unknown key 'v6.9' in titles; did you mean 'v6.8'?"
    ])
  }
}
