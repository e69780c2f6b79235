import ArgumentParser
import FolioScenario

/// `folioscope list`: the built-in scenarios with a one-line summary each, grouped.
struct ListCommand: ParsableCommand {
  static let configuration = CommandConfiguration(commandName: "list", abstract: "List the built-in scenarios.")

  func run() throws {
    var groups: [String: [(String, String)]] = [:]
    for name in BuiltinScenarios.names {
      let scenario = try ScenarioArgument.load(name)
      groups[scenario.group, default: []].append((name, scenario.summary))
    }
    let width = BuiltinScenarios.names.map(\.count).max() ?? 0
    let order = ["happy-path", "refusals", "races", "thp", "device-to-system", "beyond-spec"]
    let sorted = groups.keys.sorted { (order.firstIndex(of: $0) ?? order.count, $0) < (order.firstIndex(of: $1) ?? order.count, $1) }
    for group in sorted {
      print(group.isEmpty ? "other" : group)
      for (name, summary) in groups[group] ?? [] {
        print("  " + name.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + summary)
      }
    }
  }
}
