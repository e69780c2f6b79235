/// Scenario texts the tests start from (kept in Swift so the test target needs no extra resources).
enum Fixtures {
  /// Uses every key of the format once; valid, with no warnings.
  static let full = """
    name: full-example
    title: Every key once
    titles: {v6.8: "Every key once, under v6.8"}
    summary: A fixture that uses every key of the format.
    group: happy-path
    kernel: v7.0
    description: |
      Several sentences & a *star*, which are text, not YAML anchors.
    memory:
      system: {start: 0x100, pages: 16}
      zero_pfn: 0x0
      devices:
        - {name: DEV0, type: private, start: 0x800, pages: 16}
        - {name: COH0, type: coherent, start: 0xc00, pages: 16}
    folios:
      - {pfn: 0x100, order: 0, backing: anon, dirty: true, swapcache: false, extra_refs: 1, pins: 0, locked_by_other: false, content: 0xa100}
      - {pfn: 0x104, order: 2, extra_refs: 1}
      - {pfn: 0x108, backing: file}
      - {pfn: 0x808, locked_by_other: true, extra_refs: 1}
      - {pfn: 0xc00, extra_refs: 1}
    processes:
      - name: A
        vmas:
          - start: 0x7f0000000000
            pages: 8
            kind: anon
            prot: rw
            special: []
            map:
              - {page: 0, entry: present, pfn: 0x100, write: true, dirty: true, young: true}
              - {page: 1, entry: present, pfn: 0x104}
              - {page: 2, entry: zero}
              - {page: 3, entry: swap}
              - {page: 4, entry: present, pfn: 0xc00, soft_dirty: true, uffd_wp: false}
              - {page: 6, entry: device_private, pfn: 0x808, write: true}
          - start: 0x7f0000100000
            pages: 4
            kind: file
            prot: r
            special: [VM_IO]
            map:
              - {page: 0, entry: present, pfn: 0x108}
    calls:
      - migrate_vma:
          process: A
          start: 0x7f0000000000
          pages: 8
          select: [system, device_coherent]
          owner: DEV0
          null_src: false
          null_dst: false
          driver:
            decline: [7]
            fail_alloc: [1]
            fail_compound_alloc: false
            dst: {0: 0x803}
            allocate_from: DEV0
            mark_compound: [2]
      - migrate_device_range: {start_pfn: 0x808, pages: 4, driver: {}}
      - migrate_device_pfns: {pfns: [0x808, 2057]}
      - migrate_device_coherent_folio: {pfn: 0xc00}
      - cpu_fault: {process: A, address: 0x7f0000006000, write: true}
      - migrate_vma: {process: A, start: 0x7f0000006000, end: 0x7f0000007000, select: [device_private], owner: DEV0, fault_page: 0x808}
    events:
      - {call: 0, at: after_setup, cpu_access: {process: A, address: 0x7f0000001000, write: true}}
      - {call: 0, at: before_pages, lock_folio: 0x105}
      - {call: 0, at: after_pages, unlock_folio: 0x105}
      - {call: 1, at: after_setup, get_reference: 0x100}
      - {call: 1, at: after_finalize, put_reference: 0x100}
    narration:
      phases: {collect: "Watch slot 0.", finalize: "The end."}
      steps: {3: "Step three."}
    expect:
      v7.0:
        calls:
          - {src: [0x400b, 0, 0, 0, 0, 0, 0, 0], dst: [0x20009, 0, 0, 0, 0, 0, 0, 0], cpages: 1, setup_result: 0}
        ptes:
          - {process: A, address: 0x7f0000000000, level: pte, entry: device_private, pfn: 0x803, write: true}
        pages:
          - {pfn: 0x100, refcount: 1, mapcount: 0, locked: false, lru: false, free: false}
      v6.8:
        calls: [{src: [0, 0, 0, 0, 0, 0, 0, 0], dst: [0, 0, 0, 0, 0, 0, 0, 0]}]

    """

  /// The smallest useful scenario: one anonymous page moves to device-private memory. Tests
  /// append to it or replace lines of it.
  static let minimal = """
    memory:
      system: {start: 0x100, pages: 16}
      devices:
        - {name: DEV0, type: private, start: 0x800, pages: 16}
    folios:
      - {pfn: 0x100}
    processes:
      - name: A
        vmas:
          - start: 0x7f0000000000
            pages: 8
            map:
              - {page: 0, entry: present, pfn: 0x100, write: true}
    calls:
      - migrate_vma: {process: A, start: 0x7f0000000000, pages: 8, owner: DEV0}

    """

  /// `minimal` with `old` (which it must contain) replaced by `new`.
  static func minimal(replacing old: String, _ new: String) -> String {
    precondition(minimal.contains(old), old)
    return minimal.replacingOccurrences(of: old, with: new)
  }
}
