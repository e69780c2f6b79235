import ArgumentParser
import FolioModel
import FolioScenario
import Foundation

/// `folioscope list`: the built-in scenarios, grouped, each with its length in steps (under its
/// own kernel) and a one-line summary, wrapped to the terminal when printing to one.
struct ListCommand: ParsableCommand {
  static let configuration = CommandConfiguration(commandName: "list", abstract: "List the built-in scenarios.")

  func run() throws {
    var groups: [String: [(name: String, steps: Int, summary: String)]] = [:]
    for name in BuiltinScenarios.names {
      let scenario = try ScenarioArgument.load(name)
      let steps = Simulation.run(scenario).count
      groups[scenario.group, default: []].append((name, steps, scenario.summary))
    }
    let width = BuiltinScenarios.names.map(\.count).max() ?? 0
    let sorted = Scenario.libraryOrder(groups.keys)
    let columns = Self.terminalColumns()
    for group in sorted {
      print(group.isEmpty ? "other" : group)
      for entry in groups[group] ?? [] {
        let lead = "  " + entry.name.padding(toLength: width, withPad: " ", startingAt: 0) + "  "
          + "\(entry.steps) steps".padding(toLength: 12, withPad: " ", startingAt: 0)
        let lines = columns.map { TraceLog.wrap(entry.summary, width: max(20, $0 - lead.count)) } ?? [entry.summary]
        print(lead + (lines.first ?? ""))
        for line in lines.dropFirst() { print(String(repeating: " ", count: lead.count) + line) }
      }
    }
  }

  /// The width of the terminal standard output goes to, or nil when it goes elsewhere (a pipe,
  /// a file: one line per scenario, for scripts).
  static func terminalColumns() -> Int? {
    var size = winsize()
    guard isatty(STDOUT_FILENO) == 1, ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return nil }
    return Int(size.ws_col)
  }
}
