import FolioModel
import FolioScenario
import TerminalCanvas
import Testing

@testable import FolioViews

/// A 1M-slot run: panes must look only at what they draw, so a frame costs the same as on a
/// toy machine (the 2 ms budget is for release builds; a debug build gets a looser bound that
/// still fails if any pane walks every pfn or slot).
@Suite struct LargeRunTests {
  static let pages = 1 << 20

  static func timeline() -> Timeline {
    let start: UInt64 = 0x7f00_0000_0000
    let machine = Machine(
      kernel: .v7_0,
      regions: [
        MemoryRegion(
          name: "System RAM", zone: .normal, range: PfnRange(start: 0x10_0000, count: pages)),
        MemoryRegion(
          name: "DEV0", zone: .devicePrivate, range: PfnRange(start: 0x40_0000, count: pages)),
      ], zeroPfn: 0x1,
      processes: [ProcessState(name: "A", vmas: [VMA(VMASpec(start: start, pages: pages))])])
    var recorder = FixtureRecorder(machine: machine, text: "A million pages.")
    let last = pages - 1
    let steps: [(Int, PFN)] = [(0, 0x10_0000), (pages / 2, 0x18_0000), (last, 0x1f_ffff)]
    var changes: [Change] = [
      .callAdded(
        MigrateCall(
          api: .migrateVMA, process: "A", start: start, end: start + UInt64(pages) * pageSize,
          slots: pages))
    ]
    for (slot, pfn) in steps {
      var frame = recorder.machine.frames[slot]
      let before = frame
      frame.free = false
      frame.mapping = .anon
      frame.lockedBy = .migration
      changes.append(.frame(before: before, after: frame))
      changes.append(
        .src(call: 0, slot: slot, before: 0, after: MigratePFN.make(pfn) | MigratePFN.migrate))
      recorder.steps.append(
        Step(
          index: recorder.steps.count, phase: .collect, function: "migrate_vma_collect_pmd",
          label: "lock", call: 0,
          slot: slot, pfn: pfn, text: "Slot \(slot).", changes: changes, failed: false))
      changes = []
    }
    return recorder.timeline(Fixtures.scenario, kernel: .v7_0)
  }

  @Test func framesOfAMillionSlotRunStayCheap() {
    var viewer = Viewer(timeline: Self.timeline(), size: Size(width: 200, height: 60))
    let clock = ContinuousClock()
    var slowest = Duration.zero
    for _ in 0..<3 {
      _ = viewer.handle(.key(.right))
      _ = viewer.handle(.key(.character("v")))
      for _ in 0..<2 {
        let elapsed = clock.measure { _ = viewer.render() }
        slowest = max(slowest, elapsed)
      }
    }
    #expect(viewer.index == 3)
    #expect(slowest < .milliseconds(40), "slowest frame \(slowest)")
  }
}
