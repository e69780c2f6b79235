import FolioModel
import FolioScenario

extension Step {
  /// The scenario author's narration for this step: the text for the step itself, else the text
  /// for its phase, else nil (the step's own `text` then has to speak for it). A phase's text
  /// belongs to the call whose phase it first narrates: a second call's collect, or a fault
  /// taken again outside any call, is another story. Narration is written for the scenario's
  /// own kernel: under the other one step indices differ and what a phase does may too, so
  /// none is shown.
  public func narration(in timeline: Timeline) -> String? {
    let scenario = timeline.scenario
    guard timeline.kernel == scenario.kernel else { return nil }
    if let text = scenario.narration.steps[index] { return text }
    guard let text = scenario.narration.phases[phase.rawValue] else { return nil }
    var runStart = index
    while runStart > 0 && timeline.phase(at: runStart - 1) == phase && timeline.call(at: runStart - 1) == call {
      runStart -= 1
    }
    guard let first = (0..<runStart).first(where: { timeline.phase(at: $0) == phase }) else { return text }
    return call != nil && timeline.call(at: first) == call ? text : nil
  }
}
