import FolioScenario

/// Runs scenarios through the model of `mm/migrate_device.c` and records their timelines.
public enum Simulation {
  /// Runs `scenario` under `kernel` (default: the scenario's own) and returns every step.
  public static func run(_ scenario: Scenario, kernel: KernelVersion? = nil) -> Timeline {
    run(scenario, kernel: kernel, checkConcurrently: nil)
  }

  /// `run`, choosing where the invariant checker works (nil: on a second thread for large runs).
  static func run(_ scenario: Scenario, kernel: KernelVersion?, checkConcurrently: Bool?) -> Timeline {
    var engine = Engine(scenario: scenario, kernel: kernel ?? scenario.kernel)
    return engine.run(checkConcurrently: checkConcurrently)
  }
}
