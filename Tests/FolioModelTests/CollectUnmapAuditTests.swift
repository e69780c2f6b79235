import FolioModel
import FolioScenario
import Testing

/// Branches of collect and unmap found to differ from the kernel in the v7.0 audit
/// (DECISIONS.md, "Collect and unmap, audited against v7.0").
@Suite("Collect and unmap audit (v7.0)")
struct CollectUnmapAuditTests {
  /// A device THP collected whole (SELECT_COMPOUND) whose call names `faultPage` and which
  /// holds `extraRefs` references besides its PMD's.
  func compoundDeviceTHP(faultPage: PFN, extraRefs: Int) -> Timeline {
    let scenario = devicePMDScenario(
      pfn: 0x800, folio: FolioSpec(pfn: 0x800, order: 9, extraRefs: extraRefs, lockedByOther: true),
      select: [.devicePrivate, .compound], faultPage: faultPage)
    return Simulation.run(scenario, kernel: .v7_0)
  }

  @Test("migrate_vma_check_page compares pages: a fault_page inside the compound entry but not its head adds no extra")
  func checkPageComparesPagesNotFolios() throws {
    let timeline = compoundDeviceTHP(faultPage: 0x805, extraRefs: 2)
    let check = try #require(timeline.steps.first { $0.function == "migrate_device_unmap" && $0.label == "check" })
    #expect(check.failed && check.slot == 0)
    #expect(check.text.contains("refcount 3 − extra 2 [1 (migration's own) + 1 (ZONE_DEVICE"), "\(check.text)")
    let final = timeline.final
    #expect(final.calls[0].src[0] == 0 && final.calls[0].cpages == 0)
    #expect(final.processes[0].pmd(at: vmaStart) == .devicePrivate(DevicePrivateEntry(pfn: 0x800, write: true)))
    let thp = try #require(final.frame(0x800))
    // The restore loop leaves the fault folio locked and puts collect's reference.
    #expect((thp.order, thp.refcount, thp.mapcount, thp.lockedBy) == (9, 3, 1, .otherThread))
  }

  @Test("With fault_page the compound entry's head, the fault handler's reference is counted and the THP migrates")
  func checkPageCountsAHeadFaultPage() throws {
    let timeline = compoundDeviceTHP(faultPage: 0x800, extraRefs: 2)
    let unmapped = try #require(timeline.steps.first { $0.function == "migrate_device_unmap" && $0.label == "unmapped" })
    #expect(unmapped.slot == 0 && !unmapped.failed)
    #expect(!timeline.steps.contains { $0.function == "migrate_device_unmap" && $0.label == "check" })
    let state = timeline.state(at: unmapped.index)
    #expect(state.calls[0].src[0] & MigratePFN.migrate != 0)
  }
}
