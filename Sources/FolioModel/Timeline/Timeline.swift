import FolioScenario

/// Every step of one scenario run, computed up front (the Python Tutor idea): stepping back is
/// reading an earlier step. Steps store only their changes; full machine states are kept at
/// checkpoints and any step is materialised from the nearest one, so memory grows with the
/// number of changes, not with steps × pfns.
public struct Timeline: Sendable {
  public let scenario: Scenario
  public let kernel: KernelVersion
  public let steps: TimelineSteps
  /// Invariant violations found while running (empty for a faithful run).
  public let violations: [InvariantViolation]
  /// How many invariant checks ran.
  public let invariantChecks: Int
  /// How long the run's parts took (zero for a timeline built from steps).
  public internal(set) var timings = RunTimings()
  private let checkpoints: Checkpoints

  /// Builds a timeline from recorded steps; `steps[0]` is the initial state and has no changes.
  public init(scenario: Scenario, kernel: KernelVersion, initial: Machine, steps: [Step],
              violations: [InvariantViolation] = [], invariantChecks: Int = 0) {
    var log = StepLog()
    for step in steps {
      for change in step.changes { log.append(change) }
      log.close(StepSite(phase: step.phase, function: step.function, label: step.label), call: step.call,
                slot: step.slot, pfn: step.pfn, body: step.body, failed: step.failed)
    }
    self.init(scenario: scenario, kernel: kernel, initial: initial, log: log, violations: violations,
              invariantChecks: invariantChecks)
  }

  /// A timeline from a recorded log: checkpoints are taken by replaying it from `initial`.
  init(scenario: Scenario, kernel: KernelVersion, initial: Machine, log: StepLog, violations: [InvariantViolation],
       invariantChecks: Int) {
    var checkpoints = Checkpoints(expectedSteps: log.count)
    var machine = initial
    checkpoints.offer(machine, step: 0)
    for index in 1..<max(1, log.count) {
      log.apply(step: index, to: &machine)
      checkpoints.offer(machine, step: index)
    }
    self.init(scenario: scenario, kernel: kernel, log: log, checkpoints: checkpoints, violations: violations,
              invariantChecks: invariantChecks)
  }

  /// A timeline whose checkpoints were taken while the steps were recorded.
  init(scenario: Scenario, kernel: KernelVersion, log: StepLog, checkpoints: Checkpoints,
       violations: [InvariantViolation], invariantChecks: Int) {
    self.scenario = scenario
    self.kernel = kernel
    steps = TimelineSteps(log: log)
    self.violations = violations
    self.invariantChecks = invariantChecks
    self.checkpoints = checkpoints
  }

  private var log: StepLog { steps.log }

  /// How many changes all the steps record together.
  public var changeCount: Int { log.changes.count }

  /// The bytes the recorded steps take: the change log, one compact record per step and the
  /// per-slot texts' numbers.
  public var recordedBytes: Int { log.recordedBytes }

  public var count: Int { log.count }

  public subscript(index: Int) -> Step { log.step(index) }

  /// The machine after step `index` (step 0 is the initial state).
  public func state(at index: Int) -> Machine {
    let target = min(max(0, index), steps.count - 1)
    var (machine, position) = checkpoints.nearest(to: target)
    while position < target {
      position += 1
      log.apply(step: position, to: &machine)
    }
    return machine
  }

  /// Moves `machine` from the state after step `from` to the state after step `target` by
  /// applying or undoing the steps in between, in place (cheap for neighbouring steps; a far
  /// jump materialises from the nearest checkpoint instead).
  public func move(_ machine: inout Machine, from: Int, to target: Int) {
    let target = min(max(0, target), steps.count - 1)
    if abs(target - from) > checkpoints.stride {
      machine = state(at: target)
    } else if target > from {
      for i in (from + 1)...target { log.apply(step: i, to: &machine) }
    } else if target < from {
      for i in Swift.stride(from: from, to: target, by: -1) {
        log.revert(step: i, in: &machine)
      }
    }
  }

  public var final: Machine { state(at: steps.count - 1) }

  /// The phase of step `index`, read from its compact record (no `Step` is built).
  public func phase(at index: Int) -> Phase { log.phase(of: index) }

  /// The call step `index` belongs to, read from its compact record.
  public func call(at index: Int) -> Int? { log.call(of: index) }

  /// Indices of the failed steps (`Step.failed`), read from the compact records.
  public var failedSteps: [Int] { steps.indices.filter { log.failed(index: $0) } }

  /// Indices of the first step of each phase run (where the phase differs from the step before).
  public var phaseStarts: [Int] {
    steps.indices.filter {
      $0 == 0 || log.phase(of: $0) != log.phase(of: $0 - 1) || log.call(of: $0) != log.call(of: $0 - 1)
    }
  }
}
