import ArgumentParser
import FolioScenario

/// `folioscope validate FILE...`: every problem in every file, as FILE:LINE:COLUMN: messages.
struct ValidateCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "validate", abstract: "Check scenario files and report every problem (exit 65 on any error).")

  @Argument(help: "Scenario YAML files.")
  var files: [String]

  func run() throws {
    var failed = false
    for file in files {
      let diagnostics = ScenarioValidator.validate(path: file)
      diagnostics.forEach { printError($0.description) }
      if diagnostics.contains(where: { $0.severity == .error }) {
        failed = true
      } else {
        print("\(file): ok" + (diagnostics.isEmpty ? "" : " (\(diagnostics.count) warning(s))"))
      }
    }
    if failed { throw ExitCode(ExitStatus.dataError) }
  }
}
