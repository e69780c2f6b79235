import FolioModel
import FolioScenario
import Testing

/// v7.0's `migrate_vma_collect_huge_pmd` fallback on the fault folio itself: `split_folio()`
/// keeps the folio it was called on (the head's piece) locked and unlocks the other pieces, and
/// no `folio_unlock()` follows for the fault folio, so the fault handler's lock stays on the
/// head's piece even when `fault_page` is a tail. The PTE loop then still compares with the
/// fault folio it read on entry (the head's piece): the head is taken without a trylock and the
/// fault page's piece is trylocked like any other page. (linux-mm and hydra-linux-7.0.0
/// mm/migrate_device.c.) Only a start state the validator warns about reaches this (a fault page
/// without the handler's reference, which would make the split fail).
@Suite("A fault folio split at collect keeps its lock on the head's piece (v7.0)")
struct FaultFolioSplitLockTests {
  let head: PFN = 0xc00
  let faultPage: PFN = 0xc00 + 2

  /// A PMD-mapped device THP, locked by another thread (standing in for the fault handler), and
  /// a migrate_vma over its 2 MiB without SELECT_COMPOUND, with fault_page a tail page.
  func run() -> Timeline {
    var memory = specMemory
    memory.system = PfnRange(start: 0x100, count: 0x500)
    memory.devices = [DeviceSpec(name: "DEV0", type: .devicePrivate, range: PfnRange(start: 0x800, count: 0x800))]
    let scenario = Scenario(
      name: "fault-folio-split", title: "A fault folio split by collect's fallback", memory: memory,
      folios: [FolioSpec(pfn: head, order: 9, lockedByOther: true)],
      processes: [ProcessSpec(name: "A", vmas: [VMASpec(start: vmaStart, pages: 512, mappings: [
        MappingSpec(page: 0, entry: .devicePrivatePMD, pfn: head, write: true),
      ])])],
      calls: [.migrateVMA(MigrateVMACall(process: "A", start: vmaStart, end: address(512), select: .devicePrivate,
                                         owner: "DEV0", faultPage: faultPage))])
    return Simulation.run(scenario, kernel: .v7_0)
  }

  @Test("After the fallback split the head's piece is still locked and the fault page's piece is not")
  func lockStaysOnTheHead() throws {
    let timeline = run()
    let split = try #require(timeline.steps.firstIndex { $0.function == "migrate_vma_collect_huge_pmd" && $0.label == "split" })
    #expect(timeline.steps[split].text.contains("the fault handler's lock stays on the head's piece 0xc00"),
            "\(timeline.steps[split].text)")
    let state = timeline.state(at: split)
    let headPiece = try #require(state.frame(head))
    #expect(headPiece.order == 0 && headPiece.lockedBy == .otherThread)
    // split_folio() leaves the caller's reference on the head; folio_put() gave it back.
    #expect(headPiece.refcount == 1 && headPiece.mapcount == 1)
    let piece = try #require(state.frame(faultPage))
    #expect(piece.order == 0 && !piece.isLocked && piece.refcount == 1 && piece.mapcount == 1)
  }

  @Test("The PTE loop takes the head's piece without a trylock and trylocks the fault page's piece")
  func loopUsesTheFaultFolioReadOnEntry() throws {
    let timeline = run()
    let done = try #require(timeline.steps.firstIndex { $0.function == "migrate_vma_collect" && $0.label == "done" })
    let state = timeline.state(at: done)
    let call = try #require(state.calls.first)
    #expect(call.src[0] == head << 6 | 0xb, "the head's piece collected as the fault folio: V|M|W")
    #expect(call.src[2] == faultPage << 6 | 0xb, "the fault page's piece, trylocked: V|M|W")
    #expect(state.frame(head)?.lockedBy == .otherThread, "no trylock on the head: still the other thread's lock")
    #expect(state.frame(faultPage)?.lockedBy == .migration, "folio_trylock() took the fault page's piece")
    #expect(state.frame(head + 1)?.lockedBy == .migration)
  }
}
