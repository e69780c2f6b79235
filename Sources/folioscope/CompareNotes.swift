import FolioModel

/// Differences `compare` finds that come from something other than the core kernel code: the
/// scenario's fixed destinations, and the reference driver's own changes between the versions.
enum CompareNotes {
  static func notes(_ old: Timeline, _ new: Timeline) -> [String] {
    takenDestinations(old) + takenDestinations(new) + holeWriteBits(old.final, new.final)
  }

  /// Slots whose `driver.dst` was not free under one kernel (say an earlier call, which that
  /// kernel ran differently, took the page): the scenario fixed the destination, the kernel did not.
  private static func takenDestinations(_ timeline: Timeline) -> [String] {
    timeline.steps.filter { $0.phase == .driver && $0.failed && $0.text.contains("the requested destination") }
      .map { step in
        "\(timeline.kernel.rawValue) call \((step.call ?? 0) + 1) slot \(step.slot ?? 0): the page the scenario's driver.dst "
          + "names for this slot was already in use under \(timeline.kernel.rawValue), so the slot's outcome differs because "
          + "the scenario fixed its destination, not because of the kernel."
      }
  }

  /// Hole and zero-page slots whose dst differs only in W: lib/test_hmm.c's driver, not the core.
  private static func holeWriteBits(_ a: Machine, _ b: Machine) -> [String] {
    var count = 0
    for (x, y) in zip(a.calls, b.calls) {
      for slot in 0..<min(x.src.count, y.src.count)
      where x.src[slot] == y.src[slot] && MigratePFN.page(x.src[slot]) == nil && x.dst[slot] != y.dst[slot]
        && x.dst[slot] ^ y.dst[slot] == MigratePFN.write {
        count += 1
      }
    }
    guard count > 0 else { return [] }
    return ["dst W on \(count) hole or zero-page slot\(count == 1 ? "" : "s"): v6.8's dmirror also set W for a hole in "
      + "a VM_WRITE VMA, v7.0's takes W from src only. That is the reference driver (lib/test_hmm.c) changing, not the "
      + "core; migrate_vma_insert_page takes the new PTE's W from the VMA under both."]
  }
}
