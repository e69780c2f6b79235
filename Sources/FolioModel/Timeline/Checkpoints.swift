/// Full machine states kept every `stride` steps, so any step materialises by replaying at most
/// `stride` steps from the one before it. Each shares every frame chunk and page table that did
/// not change since the one before, so a checkpoint costs the chunks a stretch of steps touched.
///
/// The engine offers its machine after every step, not knowing exactly how many steps the run
/// will have: the stride starts from an estimate (at least 32) and doubles (dropping every
/// other checkpoint) whenever more than 256 are kept, up to 32768 steps (about a millisecond
/// to replay).
struct Checkpoints: Sendable {
  private var machines: [Machine] = []
  private(set) var stride: Int

  static let minimumStride = 32
  static let maximumStride = 32768
  static let maximumKept = 256

  /// Checkpoints for a run of about `expectedSteps` steps: the stride starts where that many
  /// steps would leave about `maximumKept / 2` checkpoints, since each one taken costs the
  /// copies of every chunk written after it, even if it is dropped later.
  init(expectedSteps: Int) {
    var stride = Self.minimumStride
    while stride < Self.maximumStride && expectedSteps / stride > Self.maximumKept / 2 { stride *= 2 }
    self.stride = stride
  }

  /// Takes `machine` (the state after step `index`; steps are offered in order from 0) if it
  /// falls on the stride.
  mutating func offer(_ machine: @autoclosure () -> Machine, step index: Int) {
    guard index % stride == 0 else { return }
    if machines.count == Self.maximumKept && stride < Self.maximumStride {
      stride *= 2
      machines = machines.enumerated().compactMap { $0.offset % 2 == 0 ? $0.element : nil }
      guard index % stride == 0 else { return }
    }
    machines.append(machine())
  }

  /// The checkpoint at or before step `index`, and the step it holds.
  func nearest(to index: Int) -> (machine: Machine, step: Int) {
    let slot = min(index / stride, machines.count - 1)
    return (machines[slot], slot * stride)
  }
}
