import FolioScenario

/// The simulation's working state: the machine being mutated, the changes of the step being
/// built, and the steps recorded so far.
struct Engine {
  let scenario: Scenario
  let kernel: KernelVersion
  var machine: Machine
  var steps: [Step] = []
  var pending: [Change] = []
  var violations: [InvariantViolation] = []
  var invariantChecks = 0

  init(scenario: Scenario, kernel: KernelVersion) {
    self.scenario = scenario
    self.kernel = kernel
    machine = Machine(kernel: kernel, regions: [], zeroPfn: scenario.memory.zeroPfn, processes: [])
  }

  mutating func run() -> Timeline {
    Timeline(scenario: scenario, kernel: kernel, initial: machine, steps: steps, violations: violations,
             invariantChecks: invariantChecks)
  }
}
