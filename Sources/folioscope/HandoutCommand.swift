import ArgumentParser
import FolioScenario

/// `folioscope handout SCENARIO -o notes.md`: a printable, greppable handout of the demo.
struct HandoutCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "handout",
    abstract: "Write a handout: every step (or every phase) as its text frame, explanation and narration.")

  @OptionGroup var target: ScenarioToFile

  @Option(help: "markdown or text.")
  var format: Handout.Format = .markdown

  @Option(help: "Frame size as WIDTHxHEIGHT.")
  var size = "100x30"

  @Flag(help: "Only the last step of each phase (with all the phase changed marked) and every failed step.")
  var phases = false

  @OptionGroup(title: "Filters (the life of one page or slot)")
  var filter: StepFilter

  /// No `--theme`: the frames are plain text, which colours do not change.
  @OptionGroup var display: DisplayOptions

  func run() throws {
    let frameSize = try FrameSize.parse(size)
    let loaded = try ScenarioArgument.load(target.scenario)
    let viewer = try display.viewer(for: loaded, size: frameSize, theme: display.theme())
    // How to make this handout again: every option that shapes it.
    let command = (["folioscope handout", target.scenario] + (phases ? ["--phases"] : []) + filter.arguments
      + (format == .markdown ? [] : ["--format", format.rawValue]) + (size == "100x30" ? [] : ["--size", size])
      + display.arguments).joined(separator: " ")
    let filtered = try filter.steps(in: viewer.timeline).map { (steps: $0, about: filter.summary) }
    try OutputFile.write(Handout(format: format, phasesOnly: phases, command: command, filtered: filtered).render(viewer),
                         to: target.output)
  }
}

extension Handout.Format: ExpressibleByArgument {}
