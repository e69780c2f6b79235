import FolioModel
import FolioScenario
import Testing

/// The split paths against v7.0's mm/huge_memory.c (`__folio_split`, `__split_huge_pmd_locked`,
/// `lru_add_split_folio`, `folio_split_unmapped`) and include/linux/memremap.h
/// (`zone_device_private_split_cb`): see DECISIONS.md, "Splits, audited against v7.0".
@Suite("Splits, audited against v7.0")
struct SplitAuditTests {
  /// System RAM at 0x100, device-private DEV0 at 0x800 and device-coherent COH0 at 0xc00.
  static let memory = PhysicalMemory(system: PfnRange(start: 0x100, count: 1024), devices: [
    DeviceSpec(name: "DEV0", type: .devicePrivate, range: PfnRange(start: 0x800, count: 1024)),
    DeviceSpec(name: "COH0", type: .deviceCoherent, range: PfnRange(start: 0x1000, count: 1024)),
  ])

  /// Process A's `pages`-page anon VMA mapping `mappings` of `folio`, migrated whole with `select`.
  static func scenario(_ folio: FolioSpec, pages: Int, mappings: [MappingSpec], select: MigrateSelect, owner: String,
                       driver: DriverSpec = DriverSpec(), others: [ProcessSpec] = []) -> Scenario {
    Scenario(
      name: "split", title: "split", memory: memory, folios: [folio],
      processes: [ProcessSpec(name: "A", vmas: [VMASpec(start: vmaStart, pages: pages, mappings: mappings)])] + others,
      calls: [.migrateVMA(MigrateVMACall(process: "A", start: vmaStart, end: vmaStart + UInt64(pages) * 4096,
                                         select: select, owner: owner, driver: driver))])
  }

  /// Runs `scenario` under v7.0 (no invariant may break) and returns the timeline and the first
  /// step of `function` labelled `label`.
  static func run(_ scenario: Scenario, _ function: String, _ label: String = "split") throws -> (Timeline, Step) {
    let timeline = Simulation.run(scenario, kernel: .v7_0)
    #expect(timeline.violations.isEmpty, "\(timeline.violations)")
    return (timeline, try #require(timeline.steps.first { $0.function == function && $0.label == label }))
  }

  /// An order-2 folio at `pfn` mapped by four writable `entry` PTEs, split at collect by
  /// `migrate_vma_split_folio()`: the timeline and that step.
  static func mTHPSplit(pfn: PFN, entry: MappingEntryKind, select: MigrateSelect, owner: String) throws -> (Timeline, Step) {
    let mappings = (0..<4).map { MappingSpec(page: $0, entry: entry, pfn: pfn + UInt64($0), write: true) }
    return try run(scenario(FolioSpec(pfn: pfn, order: 2, content: 1), pages: 4, mappings: mappings, select: select,
                            owner: owner), "migrate_vma_split_folio")
  }

  @Test("A device-coherent mTHP split at collect: the step names the kernel's pgmap and LRU bug; the pieces stay off the LRU")
  func coherentMTHPSplit() throws {
    let (timeline, split) = try Self.mTHPSplit(pfn: 0x1000, entry: .present, select: .deviceCoherent, owner: "COH0")
    #expect(split.text.contains("Caution, a kernel bug: this folio is device-coherent"))
    #expect(split.text.contains("lru_add_split_folio(), which returns early only for device-private folios"))
    let after = timeline.state(at: split.index)
    for k: UInt64 in 0..<4 {
      let page = try #require(after.frame(0x1000 + k))
      #expect(page.order == 0 && page.refcount == 1 && page.mapcount == 1 && !page.lru && page.lockedBy == nil)
    }
  }

  @Test("A device-private mTHP split at collect has no such caution")
  func devicePrivateMTHPSplit() throws {
    let (_, split) = try Self.mTHPSplit(pfn: 0x800, entry: .devicePrivate, select: .devicePrivate, owner: "DEV0")
    #expect(!split.text.contains("Caution"))
  }

  @Test("A device-coherent THP that cannot go whole: the fallback split_folio() names the same bug")
  func coherentTHPFallbackSplit() throws {
    let (_, split) = try Self.run(Self.scenario(FolioSpec(pfn: 0x1000, order: 9, content: 1), pages: 512,
                                                mappings: [MappingSpec(page: 0, entry: .hugePMD, pfn: 0x1000, write: true)],
                                                select: .system, owner: "DEV0"), "migrate_vma_collect_huge_pmd")
    #expect(split.text.contains("Caution, a kernel bug: this folio is device-coherent"))
    #expect(split.text.contains("lru_add_split_folio()"))
  }

  @Test("__split_huge_pmd_locked (freeze) + remap_page for a device-private PMD: every PTE keeps write, soft-dirty and uffd-wp, every page is exclusive, none is zero-mapped")
  func devicePrivatePMDFallbackSplit() throws {
    let pmd = MappingSpec(page: 0, entry: .devicePrivatePMD, pfn: 0x800, softDirty: true, uffdWp: true)
    let (timeline, split) = try Self.run(Self.scenario(FolioSpec(pfn: 0x800, order: 9, content: 0), pages: 512,
                                                       mappings: [pmd], select: .devicePrivate, owner: "DEV0"),
                                         "migrate_vma_collect_huge_pmd")
    #expect(!split.text.contains("zero page") && !split.text.contains("Caution"))
    let after = timeline.state(at: split.index)
    for k in [0, 1, 511] {
      #expect(after.processes[0].pte(at: address(k))
        == .devicePrivate(DevicePrivateEntry(pfn: 0x800 + UInt64(k), write: false, softDirty: true, uffdWp: true)))
      let page = try #require(after.frame(0x800 + UInt64(k)))
      #expect(page.order == 0 && page.refcount == 1 && page.mapcount == 1 && page.anonExclusive && !page.lru
        && page.lockedBy == nil)
    }
  }

  @Test("A PMD-mapped THP another process maps by PTEs: unmap_folio + remap_page keep that process's clean, old PTEs as they were")
  func otherProcessPTEsKeepTheirBits() throws {
    let thp = MappingSpec(page: 0, entry: .hugePMD, pfn: 0x200, dirty: true, young: true)
    let b = ProcessSpec(name: "B", vmas: [VMASpec(start: 0x7f10_0000_0000, pages: 16, mappings: [
      MappingSpec(page: 3, entry: .present, pfn: 0x203)])])
    let (timeline, split) = try Self.run(Self.scenario(FolioSpec(pfn: 0x200, order: 9, content: 1), pages: 512,
                                                       mappings: [thp], select: .system, owner: "DEV0", others: [b]),
                                         "migrate_vma_collect_huge_pmd")
    let after = timeline.state(at: split.index)
    #expect(after.processes[1].pte(at: 0x7f10_0000_3000) == .present(PresentBits(pfn: 0x203)))
    // v7.0: soft-dirty comes from the migration entry, so the PMD's dirty PTEs are not soft-dirty.
    #expect(after.processes[0].pte(at: address(3)) == .present(PresentBits(pfn: 0x203, dirty: true, young: true)))
    let shared = try #require(after.frame(0x203))
    #expect(shared.refcount == 2 && shared.mapcount == 2 && shared.dirty && shared.lru)
    let other = try #require(after.frame(0x204))
    #expect(other.refcount == 1 && other.mapcount == 1 && other.dirty && other.lru)
  }
}
