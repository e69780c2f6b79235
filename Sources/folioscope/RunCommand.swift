import ArgumentParser
import CursesTerminal
import FolioModel
import FolioScenario
import FolioViews
import Foundation
import TerminalCanvas

/// Options shared by the commands that draw frames (`run`, `render`).
struct DisplayOptions: ParsableArguments {
  @Option(help: "Kernel version to simulate: v7.0 or v6.8 (default: the scenario's own).")
  var kernel: KernelVersion?

  @Option(help: "Step to show first.")
  var step = 0

  @Option(help: "Colour theme: dark, light or mono (NO_COLOR also selects mono).")
  var theme = "dark"

  @Flag(help: "Draw boxes and marks with ASCII only.")
  var ascii = false

  func validate() throws {
    guard Theme.named(theme) != nil else {
      throw ValidationError("unknown theme '\(theme)'; use one of: \(Theme.themeNames.joined(separator: ", "))")
    }
  }

  /// The theme to draw with, after NO_COLOR and the ASCII choice.
  func resolvedTheme(asciiOnly: Bool) -> Theme {
    let noColor = ProcessInfo.processInfo.environment["NO_COLOR"].map { !$0.isEmpty } ?? false
    let base = noColor ? Theme.mono : (Theme.named(theme) ?? .dark)
    return ascii || asciiOnly ? base.ascii() : base
  }

  /// The viewer for `scenario` at `size`, on the first step asked for.
  func viewer(for scenario: Scenario, size: Size, theme: Theme) -> Viewer {
    var viewer = Viewer(timeline: Simulation.run(scenario, kernel: kernel), size: size, theme: theme) { other in
      Simulation.run(scenario, kernel: other)
    }
    viewer.show(step: step)
    return viewer
  }
}

/// `folioscope run [SCENARIO]`: the interactive step-through UI (the default command).
struct RunCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "run", abstract: "Open the step-through UI on a scenario (default: mixed-eight).")

  @Argument(help: "A built-in scenario name (see `folioscope list`) or a path to a YAML file.")
  var scenario = "mixed-eight"

  @OptionGroup var display: DisplayOptions

  @Flag(help: "Click on a pfn or slot to inspect it.")
  var mouse = false

  func run() throws {
    let loaded = try ScenarioArgument.load(scenario)
    let theme = display.resolvedTheme(asciiOnly: false)
    let terminal: CursesTerminal
    do {
      terminal = try CursesTerminal(palette: theme.palette, enableMouse: mouse)
    } catch {
      printError("folioscope: \(error); use `folioscope render \(scenario) --step N` or `folioscope trace \(scenario)` instead")
      throw ExitCode.failure
    }
    defer { terminal.close() }
    let drawTheme = CursesTerminal.localeIsUTF8 ? theme : theme.ascii()
    var session = UISession(viewer: display.viewer(for: loaded, size: terminal.size, theme: drawTheme),
                            scenario: scenario, display: display)
    session.loop(on: terminal)
  }
}
