import FolioModel
import FolioScenario
import Testing

/// From v6.12 `__folio_split` remaps an anon folio that is not device-private with
/// `TTU_USE_SHARED_ZEROPAGE`: `try_to_map_unused_to_zeropage` maps each zero-filled order-0
/// piece by the shared zero page (keeping the migration entry's soft-dirty and uffd-wp bits),
/// takes no reference and adds no rmap, and the split's put frees the piece.
@Suite("A split maps zero-filled pieces by the zero page")
struct ZeroPageSplitTests {
  /// An order-2 anon mTHP at 0x104 whose first page holds zeroes (content 0: page k holds k),
  /// mapped by four PTEs; page 0's PTE is soft-dirty and uffd-wp, the rest writable.
  static let mTHP = specScenario(folios: [FolioSpec(pfn: 0x104, order: 2, content: 0)], mappings: [
    MappingSpec(page: 0, entry: .present, pfn: 0x104, young: true, softDirty: true, uffdWp: true),
  ] + (1..<4).map { MappingSpec(page: $0, entry: .present, pfn: 0x104 + UInt64($0), write: true) }, pages: 4)

  /// A 4-page VMA of process A mapping the four pages of the order-2 folio at `pfn`, whose
  /// first page holds zeroes, by `entry` PTEs (writable, `softDirty`).
  static func zeroFilledMTHP(memory: PhysicalMemory, pfn: PFN, entry: MappingEntryKind, softDirty: Bool = false,
                             call: CallSpec) -> Scenario {
    Scenario(
      name: "zero-filled", title: "zero-filled", memory: memory, folios: [FolioSpec(pfn: pfn, order: 2, content: 0)],
      processes: [ProcessSpec(name: "A", vmas: [VMASpec(start: vmaStart, pages: 4, mappings: (0..<4).map {
        MappingSpec(page: $0, entry: entry, pfn: pfn + UInt64($0), write: true, softDirty: softDirty)
      })])],
      calls: [call])
  }

  /// Runs `scenario` under v7.0, which must break no invariant, and returns the timeline and
  /// its split step in `function`.
  static func split(_ scenario: Scenario, in function: String = "migrate_vma_split_folio") throws -> (Timeline, Step) {
    let timeline = Simulation.run(scenario, kernel: .v7_0)
    #expect(timeline.violations.isEmpty, "\(timeline.violations)")
    return (timeline, try #require(timeline.steps.first { $0.function == function && $0.label == "split" }))
  }

  @Test("v7.0: collect splits the mTHP; its zero-filled piece is mapped by the zero page with its bits, freed, then collected as a hole")
  func mTHPSplitAtCollect() throws {
    let (timeline, split) = try Self.split(Self.mTHP)
    #expect(split.text.contains("Its zero-filled piece 0x104 is mapped by the shared zero page instead (remap_page() → "
      + "try_to_map_unused_to_zeropage(): a special zero-page PTE keeping the migration entry's soft-dirty and uffd-wp "
      + "bits, no rmap, no reference) and freed."))
    #expect(!split.text.contains("nothing maps go"), "the zero-filled piece is told apart, not as an unmapped piece")
    let after = timeline.state(at: split.index)
    #expect(after.processes[0].pte(at: address(0)) == .zero(ZeroPageBits(softDirty: true, uffdWp: true)))
    #expect(after.frame(0x104)?.free == true && after.frame(0x104)?.content == nil)
    for pfn: UInt64 in [0x105, 0x106, 0x107] {
      #expect(after.frame(pfn)?.order == 0 && after.frame(pfn)?.refcount == 1 && after.frame(pfn)?.mapcount == 1)
      #expect(after.processes[0].pte(at: address(Int(pfn - 0x104))).pfn == pfn)
    }
    // The walk retries and meets a zero-page PTE: a hole, MIGRATE alone, no migration entry.
    let zero = try #require(timeline.steps.first { $0.function == "migrate_vma_collect_pmd" && $0.label == "zero" })
    #expect(zero.slot == 0 && zero.index > split.index)
    let setup = try #require(timeline.steps.first { $0.phase == .setup && $0.label == "return" })
    let atSetup = timeline.state(at: setup.index)
    #expect(atSetup.calls[0].src[0] == MigratePFN.migrate)
    #expect(atSetup.calls[0].src[1] == MigratePFN.make(0x105) | MigratePFN.migrate | MigratePFN.write)
    #expect(atSetup.processes[0].pte(at: address(0)) == .zero(ZeroPageBits(softDirty: true, uffdWp: true)))
  }

  @Test("v6.8: the same mTHP is skipped at collect and keeps every PTE")
  func v68KeepsTheMTHP() {
    let timeline = Simulation.run(Self.mTHP, kernel: .v6_8)
    #expect(timeline.violations.isEmpty, "\(timeline.violations)")
    #expect(!timeline.steps.contains { $0.text.contains("zero page instead") })
    #expect(timeline.final.processes[0].pte(at: address(0))
      == .present(PresentBits(pfn: 0x104, young: true, softDirty: true, uffdWp: true)))
    #expect(timeline.final.frame(0x104)?.order == 2 && timeline.final.frame(0x104)?.refcount == 4)
  }

  @Test("A device-private mTHP split for a fault keeps its zero-filled page mapped by its device-private entry")
  func devicePrivateIsNeverRemapped() throws {
    let scenario = Self.zeroFilledMTHP(memory: specMemory, pfn: 0x800, entry: .devicePrivate, softDirty: true,
                                       call: .cpuFault(process: "A", address: address(2), write: false, driver: DriverSpec()))
    let (timeline, split) = try Self.split(scenario)
    #expect(!split.text.contains("zero page"))
    let after = timeline.state(at: split.index)
    #expect(after.processes[0].pte(at: address(0))
      == .devicePrivate(DevicePrivateEntry(pfn: 0x800, write: true, softDirty: true)))
    #expect(after.frame(0x800)?.refcount == 1 && after.frame(0x800)?.mapcount == 1 && after.frame(0x800)?.content == 0)
  }

  @Test("v7.0: a PMD-mapped THP split at collect (no SELECT_COMPOUND) maps its zero-filled head by the zero page")
  func pmdMappedTHPSplit() throws {
    let memory = PhysicalMemory(system: PfnRange(start: 0x100, count: 1792), devices: [
      DeviceSpec(name: "DEV0", type: .devicePrivate, range: PfnRange(start: 0x800, count: 1024))])
    let scenario = Scenario(
      name: "thp-zero", title: "thp-zero", memory: memory, folios: [FolioSpec(pfn: 0x200, order: 9, content: 0)],
      processes: [ProcessSpec(name: "A", vmas: [VMASpec(start: vmaStart, pages: 512, mappings: [
        MappingSpec(page: 0, entry: .hugePMD, pfn: 0x200, write: true, dirty: true, young: true, softDirty: true)])])],
      calls: [.migrateVMA(MigrateVMACall(process: "A", start: vmaStart, end: vmaStart + 512 * 4096, select: .system,
                                         owner: "DEV0", driver: DriverSpec()))])
    let (timeline, split) = try Self.split(scenario, in: "migrate_vma_collect_huge_pmd")
    #expect(split.text.contains("order-0 folios. Its zero-filled piece 0x200 is mapped by the shared zero page instead"))
    let after = timeline.state(at: split.index)
    #expect(after.processes[0].pmds[vmaStart >> 21] == nil)
    #expect(after.processes[0].pte(at: vmaStart) == .zero(ZeroPageBits(softDirty: true)))
    #expect(after.frame(0x200)?.free == true, "the head, put by the walk, had nothing else holding it")
    #expect(after.processes[0].pte(at: address(1))
      == .present(PresentBits(pfn: 0x201, write: true, dirty: true, young: true, softDirty: true)))
    #expect(after.frame(0x201)?.refcount == 1 && after.frame(0x201)?.mapcount == 1 && after.frame(0x201)?.dirty == true)
    let setup = try #require(timeline.steps.first { $0.phase == .setup && $0.label == "return" })
    #expect(timeline.state(at: setup.index).calls[0].src[0] == MigratePFN.migrate)
  }

  @Test("A device-coherent mTHP is remapped too; without SELECT_SYSTEM collect then skips the zero page (src = 0)")
  func deviceCoherentIsRemapped() throws {
    let memory = PhysicalMemory(system: PfnRange(start: 0x100, count: 16), devices: [
      DeviceSpec(name: "COH0", type: .deviceCoherent, range: PfnRange(start: 0xc00, count: 16))])
    let scenario = Self.zeroFilledMTHP(memory: memory, pfn: 0xc00, entry: .present, call: .migrateVMA(MigrateVMACall(
      process: "A", start: vmaStart, end: vmaStart + 4 * 4096, select: .deviceCoherent, owner: "COH0", driver: DriverSpec())))
    let (timeline, split) = try Self.split(scenario)
    #expect(split.text.contains("Its zero-filled piece 0xc00 is mapped by the shared zero page instead"))
    #expect(split.text.contains("and freed."))
    let after = timeline.state(at: split.index)
    #expect(after.processes[0].pte(at: vmaStart) == .zero(ZeroPageBits()))
    #expect(after.frame(0xc00)?.free == true)
    let setup = try #require(timeline.steps.first { $0.phase == .setup && $0.label == "return" })
    #expect(timeline.state(at: setup.index).calls[0].src[0] == 0)
  }

  @Test("A write to a uffd-wp zero-page PTE goes to userfaultfd and changes nothing")
  func writeToAUffdWpZeroPage() throws {
    let scenario = Scenario(
      name: "wp-zero", title: "wp-zero", memory: specMemory, folios: [],
      processes: [ProcessSpec(name: "A", vmas: [VMASpec(start: vmaStart, pages: 1, mappings: [
        MappingSpec(page: 0, entry: .zero, uffdWp: true)])])],
      calls: [.cpuFault(process: "A", address: vmaStart, write: true, driver: DriverSpec())])
    let timeline = Simulation.run(scenario, kernel: .v7_0)
    #expect(timeline.violations.isEmpty, "\(timeline.violations)")
    let fault = try #require(timeline.steps.first { $0.function == "do_wp_page" })
    #expect(fault.label == "uffd_wp" && fault.text.contains("the zero page is mapped uffd-wp"))
    #expect(timeline.final.processes[0].pte(at: vmaStart) == .zero(ZeroPageBits(uffdWp: true)))
  }
}
