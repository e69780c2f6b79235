import FolioModel
import FolioScenario

/// What `validate` learns by running a file it found clean, under each kernel: a broken
/// invariant marks a state its checks of meaning cannot foresee (one that depends on what
/// earlier calls leave, such as device memory running out part-way), so it is a warning too.
enum RunWarnings {
  /// One warning per kernel whose run breaks an invariant, at the call that was running.
  static func of(_ result: ScenarioLoadResult, file: String) -> [Diagnostic] {
    guard let scenario = result.scenario else { return [] }
    let kernels = [scenario.kernel] + KernelVersion.allCases.filter { $0 != scenario.kernel }
    return kernels.compactMap { kernel in
      let timeline = Simulation.run(scenario, kernel: kernel)
      guard let first = timeline.violations.first else { return nil }
      let more = timeline.violations.count - 1
      let option = kernel == scenario.kernel ? "" : " --kernel \(kernel.rawValue)"
      let message = "under \(kernel.rawValue) the run breaks invariant \(first.rule) after step \(first.step) "
        + "(\(timeline[first.step].function)): "
        + first.message + (more > 0 ? " (and \(more) more)" : "")
        + "; `folioscope trace \(file)\(option)` shows the steps that lead there"
      let call = timeline.call(at: first.step) ?? 0
      return result.diagnostic(.warning, file: file, call: call, message)
    }
  }
}
