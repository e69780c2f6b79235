import FolioModel
import FolioScenario

/// Differences `compare` finds that come from something other than the core kernel code: the
/// scenario's fixed destinations, and the reference driver's own changes between the versions.
enum CompareNotes {
  static func notes(_ old: Timeline, _ new: Timeline) -> [String] {
    impossibleUnderV68(old.scenario) + startDifferences(old, new) + takenDestinations(old) + takenDestinations(new)
      + holeWriteBits(old.final, new.final)
  }

  /// A start state v6.8 could never be in: a large device folio or a device-private PMD, which
  /// came with the v6.19 THP series. The v6.8 run shows what its code would do with one.
  private static func impossibleUnderV68(_ scenario: Scenario) -> [String] {
    let largeDeviceFolio = scenario.folios.contains { folio in
      folio.order > 0 && scenario.memory.devices.contains { $0.range.contains(folio.pfn) }
    }
    let devicePMD = scenario.processes.contains { process in
      process.vmas.contains { $0.mappings.contains { $0.entry == .devicePrivatePMD } } }
    guard largeDeviceFolio || devicePMD else { return [] }
    return ["The scenario starts with \(devicePMD ? "a device-private PMD" : "a large device folio"), which came with the "
      + "v6.19 THP series: v6.8 could never be in this state, so its run only shows what its code would do with it."]
  }

  /// Pages that differ before any step: the kernels build the same scenario differently (since
  /// v6.15 a device-exclusive entry keeps its folio's mapcount, the one case the built-ins have).
  private static func startDifferences(_ old: Timeline, _ new: Timeline) -> [String] {
    let exclusive = old.scenario.processes.contains { process in
      process.vmas.contains { $0.mappings.contains { $0.entry == .deviceExclusive } } }
    return PageComparison.differences(old.state(at: 0), new.state(at: 0)).map {
      "\($0), already at the start: the two kernels set the scenario up differently"
        + (exclusive ? " (since v6.15 a device-exclusive entry keeps its folio's mapcount)." : ".")
    }
  }

  /// Slots whose `driver.dst` was not free under one kernel (say an earlier call, which that
  /// kernel ran differently, took the page): the scenario fixed the destination, the kernel did not.
  private static func takenDestinations(_ timeline: Timeline) -> [String] {
    timeline.steps.filter { $0.phase == .driver && $0.failed && $0.text.contains("the requested destination") }
      .map { step in
        "\(timeline.kernel.rawValue) call \((step.call ?? 0) + 1) slot \(step.slot ?? 0): the page the scenario's driver.dst "
          + "names for this slot was already in use under \(timeline.kernel.rawValue), so the slot's outcome, and what follows "
          + "from it (its page-table entry, the pages it would have used), differ because the scenario fixed its "
          + "destination, not because of the kernel."
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
