import FolioScenario

/// Runs scenarios through the model of `mm/migrate_device.c` and records their timelines.
public enum Simulation {
  /// Runs `scenario` under `kernel` (default: the scenario's own) and returns every step.
  public static func run(_ scenario: Scenario, kernel: KernelVersion? = nil) -> Timeline {
    var engine = Engine(scenario: scenario, kernel: kernel ?? scenario.kernel)
    return engine.run()
  }
}
