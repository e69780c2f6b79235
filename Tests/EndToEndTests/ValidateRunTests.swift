import Testing

/// `validate` runs a file it finds clean under both kernels and warns of an invariant the run
/// breaks: a state the checks of meaning cannot foresee.
@Suite struct ValidateRunTests {
  /// Device-coherent memory with one free page for two slots: dmirror's fault-path copy gets a
  /// page for slot 0, none for slot 1, gives up and finalizes without migrate_vma_pages, which
  /// strands slot 0's migration entry (v7.0's driver; v6.8's skips the slot instead).
  static let runsOutPartWay = """
    kernel: v7.0
    memory:
      system: {start: 0x100, pages: 16}
      devices:
        - {name: D0, type: coherent, start: 0x800, pages: 3}
    folios:
      - {pfn: 0x800, order: 0, backing: anon}
      - {pfn: 0x801, order: 0, backing: anon}
    processes:
      - name: A
        vmas:
          - start: 0x7f0000000000
            pages: 2
            kind: anon
            prot: rw
            map:
              - {page: 0, entry: present, pfn: 0x800, write: true}
              - {page: 1, entry: present, pfn: 0x801, write: true}
    calls:
      - migrate_vma:
          process: A
          start: 0x7f0000000000
          pages: 2
          select: [device_coherent]
          owner: D0
          driver: {allocate_from: D0}
    """

  @Test func aRunThatStrandsAnEntryIsWarnedAtItsCall() throws {
    let folder = try TemporaryFolder()
    let path = try folder.write(Self.runsOutPartWay, to: "strand.yaml")
    let result = try Folioscope.run(["validate", path])
    #expect(result.status == 0)
    #expect(result.stdout == "\(path): ok (1 warning(s))\n")
    #expect(result.stderr == "\(path):20:5: warning: under v7.0 the run breaks invariant free-and-used after step 16 "
      + "(__migrate_device_finalize): 0x800 is free but still has a page-table entry naming it; "
      + "`folioscope trace \(path)` shows the steps that lead there\n")
  }

  @Test func theOtherKernelIsNamedWithItsOption() throws {
    let folder = try TemporaryFolder()
    let v68 = Self.runsOutPartWay.replacingOccurrences(of: "kernel: v7.0", with: "kernel: v6.8")
    let path = try folder.write(v68, to: "strand.yaml")
    let result = try Folioscope.run(["validate", path])
    #expect(result.status == 0)
    #expect(result.stderr.hasPrefix("\(path):20:5: warning: under v7.0 the run breaks invariant free-and-used"))
    #expect(result.stderr.hasSuffix("`folioscope trace \(path) --kernel v7.0` shows the steps that lead there\n"))
  }
}
