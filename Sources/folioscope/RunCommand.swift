import ArgumentParser
import CursesTerminal
import FolioModel
import FolioScenario
import FolioViews
import Foundation
import TerminalCanvas

/// Options shared by the commands that draw frames (`run`, `render`, `record`, `handout`).
struct DisplayOptions: ParsableArguments {
  @Option(help: "Kernel version to simulate: v7.0 or v6.8 (default: the scenario's own).")
  var kernel: KernelVersion?

  @Option(parsing: .unconditional, help: "Step to show first; a negative step counts from the end (-1: the last).")
  var step = 0

  @Flag(help: "Draw boxes and marks with ASCII only.")
  var ascii = false

  @Flag(help: "Projector layout: memory grid, migrate arrays, page tables and a caption; wide cells; high contrast; keys on `?`.")
  var present = false

  /// These options as command-line arguments, those given only (for a handout's "made with").
  var arguments: [String] {
    (kernel.map { ["--kernel", $0.rawValue] } ?? []) + (step == 0 ? [] : ["--step", String(step)])
      + (ascii ? ["--ascii"] : []) + (present ? ["--present"] : [])
  }

  /// The theme to draw with: the one named (by `--theme`) after NO_COLOR, the projector's
  /// default and the ASCII choice.
  func theme(named name: String? = nil) -> Theme {
    let noColor = ProcessInfo.processInfo.environment["NO_COLOR"].map { !$0.isEmpty } ?? false
    let base = noColor ? Theme.mono : (name.flatMap(Theme.named) ?? (present ? .contrast : .dark))
    return ascii ? base.ascii() : base
  }

  /// The viewer for `scenario` at `size`, on the first step asked for.
  /// A `--step` outside the run is a usage error (exit 64), not a silently clamped frame.
  func viewer(for scenario: Scenario, size: Size, theme: Theme) throws -> Viewer {
    var viewer = Viewer(timeline: Simulation.run(scenario, kernel: kernel), size: size, theme: theme) { other in
      Simulation.run(scenario, kernel: other)
    }
    let count = viewer.timeline.count
    guard (-count..<count).contains(step) else {
      printError("folioscope: --step \(step) is outside this run: its steps are 0…\(count - 1) (or -\(count)…-1 from "
        + "the end)")
      throw ExitCode(ExitStatus.usage)
    }
    viewer.presenting = present
    viewer.show(step: step < 0 ? count + step : step)
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

  @OptionGroup var colours: ThemeOption

  @Flag(help: "Click on a pfn or slot to inspect it.")
  var mouse = false

  @Flag(help: "Start playing at once (Space pauses and resumes).")
  var play = false

  @Option(parsing: .unconditional, help: "Playback speed in steps per second, 0.1 to 1000; + and - change it live.")
  var speed: Double?

  @Flag(help: "Pause playback at the first step of every phase; PgDn or Space resumes, PgUp or b goes back a phase.")
  var pauseAtPhases = false

  @Option(help: "Append each step's narration to this file or FIFO as the demo advances (speaker notes).")
  var notes: String?

  func validate() throws {
    // Out-of-range speeds are clamped, but NaN survives min/max and traps once playing.
    if let speed, !speed.isFinite {
      throw ValidationError("--speed wants steps per second, 0.1 to 1000 (got \(speed))")
    }
  }

  func run() throws {
    let loaded = try ScenarioArgument.load(scenario)
    var speakerNotes: SpeakerNotes?
    if let notes {
      do {
        speakerNotes = try SpeakerNotes(path: notes)
      } catch {
        printError("folioscope: cannot write speaker notes to '\(notes)': \(error.reason)")
        throw ExitCode(ExitStatus.cannotCreate)
      }
    }
    let theme = display.theme(named: colours.theme)
    // Built before the terminal opens, so that a bad --step is reported on a plain screen.
    var viewer = try display.viewer(for: loaded, size: TooSmallScreen.minimum, theme: theme)
    let terminal: CursesTerminal
    do {
      terminal = try CursesTerminal(palette: theme.palette, enableMouse: mouse)
    } catch {
      printError("folioscope: \(error); use `folioscope render \(scenario) --step N` or `folioscope trace \(scenario)` instead")
      throw ExitCode.failure
    }
    defer { terminal.close() }
    viewer.size = terminal.size
    viewer.theme = CursesTerminal.localeIsUTF8 ? theme : theme.ascii()
    viewer.pauseAtPhases = pauseAtPhases
    if let speed { viewer.set(stepsPerSecond: speed) }
    // Pausing at phases, a demo that opens on a phase's first step (step 0, the scenario's
    // introduction) waits there for the first click.
    if play && !(pauseAtPhases && viewer.opensOnPhaseStart) { viewer.play() }
    var session = UISession(viewer: viewer, scenario: scenario, display: display, notes: speakerNotes)
    session.loop(on: terminal)
  }
}
