import FolioModel
import FolioScenario
import Testing

/// `migrate_vma_insert_huge_pmd_page()` maps a compound hole's destination at PMD level; a
/// destination in system RAM also goes on the LRU (`folio_add_lru_vma`), as a small one does.
@Suite("A compound hole filled from system RAM")
struct HugePMDInsertTests {
  /// Process A's empty 512-page VMA migrated with SELECT_COMPOUND to a system THP (v7.0).
  func run(writable: Bool = true) -> Timeline {
    var memory = specMemory
    memory.system = PfnRange(start: 0x200, count: 0x400)
    let scenario = Scenario(
      name: "sys-hole", title: "sys-hole", memory: memory,
      processes: [ProcessSpec(name: "A", vmas: [VMASpec(start: vmaStart, pages: 512, writable: writable)])],
      calls: [.migrateVMA(MigrateVMACall(process: "A", start: vmaStart, end: address(512), select: [.system, .compound],
                                         driver: DriverSpec(allocateFrom: "system")))])
    return Simulation.run(scenario, kernel: .v7_0)
  }

  /// The PMD `folio_mk_pmd()` builds with vm_page_prot (young), made `pmd_mkwrite(pmd_mkdirty())` with
  /// VM_WRITE: dirty, and so soft-dirty; a read-only VMA's stays clean.
  @Test("The inserted PMD is young, and dirty and soft-dirty only when writable", arguments: [true, false])
  func insertedPMDBits(writable: Bool) throws {
    let timeline = run(writable: writable)
    #expect(timeline.violations.isEmpty, "\(timeline.violations)")
    let insert = try #require(timeline.steps.first { $0.function == "migrate_vma_insert_huge_pmd_page" })
    let head = try #require(insert.pfn)
    #expect(timeline.final.processes[0].pmd(at: vmaStart)
            == .huge(PresentBits(pfn: head, write: writable, dirty: writable, young: true, softDirty: writable)))
  }

  @Test func aSystemTHPGoesOnTheLRU() throws {
    let timeline = run()
    #expect(timeline.violations.isEmpty, "\(timeline.violations)")
    let insert = try #require(timeline.steps.first { $0.function == "migrate_vma_insert_huge_pmd_page" })
    let head = try #require(insert.pfn)
    #expect(timeline.state(at: insert.index).frame(head)?.lru == true)
    #expect(timeline.final.frame(head)?.lru == true && timeline.final.frame(head)?.order == 9)
    #expect(timeline.final.processes[0].pmd(at: vmaStart).isTransHuge)
  }
}
