import FolioModel
import FolioScenario

extension Step {
  /// The scenario author's narration for this step: the text for the step itself, else the text
  /// for its phase, else nil (the step's own `text` then has to speak for it).
  public func narration(in scenario: Scenario) -> String? {
    scenario.narration.steps[index] ?? scenario.narration.phases[phase.rawValue]
  }
}
