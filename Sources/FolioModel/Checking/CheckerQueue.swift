import Dispatch
import FolioScenario
import Synchronization

/// Runs the invariant checker beside the engine: for a large run on a serial queue of its own,
/// so that a second core replays and checks steps while the engine records the next ones; for
/// a small run in line, where a thread would cost more than it saves.
final class CheckerQueue: @unchecked Sendable {
  // Safe to share: `checker` is touched only by work on `queue` (or, in line, by the engine's
  // own calls), and `finish` waits for that work.
  private var checker: InvariantChecker?
  private let queue: DispatchQueue?
  /// Batches handed over but not yet checked, bounded so that a slow checker holds back the
  /// engine rather than letting copied batches pile up in memory.
  private let room = DispatchSemaphore(value: maximumBehind)
  static let maximumBehind = 64
  /// Batches handed over and not yet checked, as the checker sees it when it takes one.
  private let waiting = Atomic<Int>(0)
  /// The checker faults in the pages a batch names (see `Prefault`) only while no more than
  /// this many batches wait: further behind, it leaves them to the engine. Whichever thread is
  /// ahead takes the page faults, so neither waits for the other for long.
  static let prefaultWhileWaiting = 16

  /// Whether the checker works on a thread of its own.
  var isConcurrent: Bool { queue != nil }

  /// A queue whose checker starts from `initial`, the engine's machine of step 0 (whose frame
  /// positions `frameIndex` gives). When `concurrent`, the queue's first work is to copy it:
  /// copying memory costs the second thread a fraction of building the machine again, and
  /// leaves the engine the only owner of what it writes.
  init(initial: Machine, frameIndex: FrameIndex, scenario: Scenario, concurrent: Bool) {
    guard concurrent else {
      queue = nil
      checker = InvariantChecker(initial: initial, frameIndex: frameIndex, scenario: scenario)
      return
    }
    HeapGrowth.widen()
    let queue = DispatchQueue(label: "folioscope.invariant-checker")
    self.queue = queue
    queue.async {
      self.checker = InvariantChecker(initial: initial.unshared(), frameIndex: frameIndex, scenario: scenario)
    }
  }

  /// Checks `batch` (in line, or queued behind the batches before it).
  func submit(_ batch: StepBatch) {
    guard let queue else { return checker!.consume(batch) }
    room.wait()
    waiting.add(1, ordering: .relaxed)
    queue.async {
      if self.waiting.load(ordering: .relaxed) <= Self.prefaultWhileWaiting {
        for prefault in batch.prefaults { prefault.run() }
      }
      self.checker!.consume(batch)
      self.waiting.subtract(1, ordering: .relaxed)
      self.room.signal()
    }
  }

  /// Waits for every batch to be checked, compares the replayed machine with the engine's
  /// final `machine`, and returns the checker.
  func finish(engine machine: Machine) -> InvariantChecker {
    let finish = { () -> InvariantChecker in
      self.checker!.finish(engine: machine)
      return self.checker!
    }
    return queue.map { $0.sync(execute: finish) } ?? finish()
  }
}
