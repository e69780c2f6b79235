import ArgumentParser
import FolioScenario
import TerminalCanvas

/// `folioscope render SCENARIO --step N`: prints exactly the frame the UI draws at that step.
struct RenderCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "render", abstract: "Print the frame the UI shows at a step (plain text, or --ansi).")

  @Argument(help: "A built-in scenario name or a path to a YAML file.")
  var scenario = "mixed-eight"

  @OptionGroup var display: DisplayOptions

  @OptionGroup var colours: ThemeOption

  @Option(help: "Frame size as WIDTHxHEIGHT.")
  var size = "120x40"

  @Flag(help: "Keep the styles as ANSI escape codes.")
  var ansi = false

  func run() throws {
    let frameSize = try FrameSize.parse(size, tooSmallAllowed: true)
    let theme = display.theme(named: colours.theme)
    let viewer = try display.viewer(for: try ScenarioArgument.load(scenario), size: frameSize, theme: theme)
    let frame = viewer.render()
    print(ansi ? ANSIWriter(palette: theme.palette).render(frame) : TextWriter().render(frame))
  }
}
