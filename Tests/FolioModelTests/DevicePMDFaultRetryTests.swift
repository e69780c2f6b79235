import FolioModel
import FolioScenario
import Testing

/// A device-THP fault whose driver gets no system THP (dmirror's FAIL_ALLOC): the small-page
/// fallback makes `migrate_vma_pages` split the source, but `folio_split_unmapped` refuses (the
/// fault handler's reference) after `split_huge_pmd_address` already split the PMD migration
/// entry, so finalize leaves the THP mapped by PTEs. The kernel's retry then takes the PTE path.
@Suite("A failed device-THP fault retries on the PTEs it left (v7.0)")
struct DevicePMDFaultRetryTests {
  /// Page 282 of the device THP at 0xc00, mapped by process A's device-private PMD.
  let faulted: PFN = 0xc00 + 282

  func run() -> Timeline {
    Simulation.run(PropertyFindings.devicePMD(fault: DriverSpec(failCompoundAlloc: true)), kernel: .v7_0)
  }

  @Test("The first attempt moves nothing and leaves 512 device-private PTEs of the whole THP")
  func firstAttemptLeavesPTEs() throws {
    let timeline = run()
    #expect(timeline.violations.isEmpty, "\(timeline.violations)")
    let first = try #require(timeline.final.calls.first)
    #expect(first.faultPage == 0xc00, "do_huge_pmd_device_private passes the head")
    #expect(first.src[0] == 0x30009, "MIGRATE and COMPOUND cleared by the failed split")
    #expect(first.dst[0] == 0x4001, "dmirror's fallback dst has no WRITE")
    #expect(timeline.steps.contains { $0.label == "split_fail" })
  }

  @Test("The retry is do_swap_page on the faulting PTE: collect splits the folio and moves the lock to the fault page's piece, whose trylock then fails")
  func retrySplitsButMovesNothing() throws {
    let timeline = run()
    #expect(timeline.violations.isEmpty, "\(timeline.violations)")
    #expect(!timeline.steps.contains { $0.failed && $0.label == "refault" }, "no 'stops here' step")
    #expect(timeline.steps.contains { $0.function == "do_huge_pmd_device_private" && $0.label == "refault" })
    // The same thread makes the same access again: its step says so.
    let again = try #require(timeline.steps.first { $0.function == "do_swap_page" && $0.label == "device_private" })
    #expect(again.text.hasPrefix("T2 retries its read of 0x7f000011a000: the PTE is a device-private entry"),
            "\(again.text)")
    #expect(timeline.final.calls.count == 3)
    let split = timeline.final.calls[1]
    #expect(split.faultPage == faulted)
    #expect(split.src == [0] && split.dst == [0], "migrate_vma_collect_pmd's stale fault_folio: the trylock fails")
    let trylock = try #require(timeline.steps.firstIndex { $0.label == "trylock" && $0.phase == .collect })
    #expect(timeline.steps[trylock].failed && timeline.steps[trylock].pfn == faulted)
    // After that call's collect: the head's piece holds its mapping and do_swap_page's old
    // reference is gone from it; the fault page's own piece is locked for the fault handler.
    let state = timeline.state(at: trylock)
    let head = try #require(state.frame(0xc00))
    #expect(head.order == 0 && !head.isLocked && head.refcount == 1 && head.mapcount == 1)
    let piece = try #require(state.frame(faulted))
    #expect(piece.order == 0 && piece.lockedBy == .faultHandler && piece.refcount == 2 && piece.mapcount == 1)
    // do_swap_page unlocks and puts the piece; the third fault finds an order-0 folio.
    let refault = try #require(timeline.steps.first { $0.function == "do_swap_page" && $0.label == "refault" })
    #expect(!refault.failed && refault.text.contains("faults again on an order-0 page"), "\(refault.text)")
  }

  @Test("The third fault locks the order-0 piece itself, and that one page comes home")
  func thirdFaultMigratesThePage() throws {
    let timeline = run()
    let retry = try #require(timeline.final.calls.last)
    #expect(retry.faultPage == faulted)
    #expect(retry.src == [faulted << 6 | 0xb], "one order-0 device page, V|M|W")
    #expect(retry.dst.count == 1 && retry.dst[0] & 0x9 == 0x9, "a small system page, V|W")
    let process = timeline.final.processes[0]
    #expect(process.pmd(at: vmaStart) == .table)
    guard case .present(let bits) = process.pte(at: address(282)) else {
      Issue.record("the faulting PTE is not present: \(process.pte(at: address(282)))")
      return
    }
    #expect(bits.pfn == retry.dst[0] >> 6)
    #expect(timeline.final.frame(bits.pfn)?.refcount == 1)
    #expect(timeline.final.frame(bits.pfn)?.mapcount == 1)
    #expect(timeline.final.frame(faulted)?.free == true)
    #expect(timeline.steps.last(where: { $0.phase == .fault })?.label == "present")
  }

  @Test("The rest of the THP stays on the device, one order-0 folio per PTE")
  func restStaysOnTheDevice() throws {
    let timeline = run()
    let process = timeline.final.processes[0]
    for page in [0, 281, 283, 511] {
      let pfn = 0xc00 + PFN(page)
      #expect(process.pte(at: address(page)) == .devicePrivate(DevicePrivateEntry(pfn: pfn, write: true)))
      let frame = try #require(timeline.final.frame(pfn))
      #expect(frame.order == 0 && frame.head == pfn)
      #expect(frame.refcount == 1 && frame.mapcount == 1)
      #expect(!frame.isLocked)
    }
  }
}
