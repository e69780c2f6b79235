import ArgumentParser
import FolioScenario
import Foundation

/// `folioscope record SCENARIO -o demo.cast`: an asciinema recording of the demo, one frame
/// per step and one chapter per phase, written from the model (no terminal involved).
struct RecordCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "record",
    abstract: "Write an asciicast v2 recording (asciinema) of a scenario: a frame per step, a chapter per phase.")

  @OptionGroup var target: ScenarioToFile

  @OptionGroup var display: DisplayOptions

  @OptionGroup var colours: ThemeOption

  @Option(help: "Frame size as WIDTHxHEIGHT.")
  var size = "120x40"

  @Option(parsing: .unconditional, help: "Seconds each step stays on screen.")
  var stepSeconds = 1.5

  @Option(parsing: .unconditional, help: "Extra seconds the first step of each phase stays on screen (a pause to talk over).")
  var phaseSeconds = 0.0

  @OptionGroup(title: "Filters (the life of one page or slot)")
  var filter: StepFilter

  func validate() throws {
    guard stepSeconds > 0, stepSeconds <= 3600 else {
      throw ValidationError("--step-seconds wants a number of seconds above 0, at most 3600 (got \(stepSeconds))")
    }
    guard phaseSeconds >= 0, phaseSeconds <= 3600 else {
      throw ValidationError("--phase-seconds wants a number of seconds from 0 to 3600 (got \(phaseSeconds))")
    }
  }

  func run() throws {
    let frameSize = try FrameSize.parse(size)
    let loaded = try ScenarioArgument.load(target.scenario)
    let viewer = try display.viewer(for: loaded, size: frameSize, theme: display.theme(named: colours.theme))
    let cast = Recording.cast(of: viewer, stepSeconds: stepSeconds, phaseSeconds: phaseSeconds,
                              steps: try filter.steps(in: viewer.timeline))
    try OutputFile.write(cast, to: target.output)
  }
}
