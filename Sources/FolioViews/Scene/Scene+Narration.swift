import FolioModel
import FolioScenario

extension Step {
  /// The scenario author's narration for this step: the text for the step itself, else the text
  /// for its phase on the first run of that phase (a second call's collect, setup's return
  /// after unmap or a fault taken again is another story), else nil (the step's own `text`
  /// then has to speak for it). Narration is written for the scenario's own kernel: under the
  /// other one step indices differ and what a phase does may too, so none is shown, unless the
  /// scenario says its phase texts hold there too (`kernels:`).
  public func narration(in timeline: Timeline) -> String? {
    let scenario = timeline.scenario
    let own = timeline.kernel == scenario.kernel
    guard own || scenario.narration.alsoFor.contains(timeline.kernel) else { return nil }
    if own, let text = scenario.narration.steps[index] { return text }
    guard let text = scenario.narration.phases[phase.rawValue] else { return nil }
    var runStart = index
    while runStart > 0 && timeline.phase(at: runStart - 1) == phase && timeline.call(at: runStart - 1) == call {
      runStart -= 1
    }
    return (0..<runStart).contains { timeline.phase(at: $0) == phase } ? nil : text
  }
}
