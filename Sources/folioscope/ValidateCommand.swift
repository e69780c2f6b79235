import ArgumentParser
import FolioScenario
import Foundation

/// `folioscope validate FILE...`: every problem in every file, as FILE:LINE:COLUMN: messages.
struct ValidateCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "validate",
    abstract:
      "Check scenario files and report every problem (exit 65 on any error, 66 if a file cannot be read: "
        + "missing, a directory or not readable).")

  @Argument(help: "Scenario YAML files.")
  var files: [String]

  func validate() throws {
    // Its diagnostics would start ":1:1:", naming no file.
    if files.contains("") { throw ValidationError("an empty argument names no scenario file") }
  }

  func run() throws {
    var failed = false
    var unreadable = false
    // A file named twice (a glob and a name) is checked once, so no line is printed twice.
    var seen: Set<String> = []
    for file in files where seen.insert(file).inserted {
      let result = ScenarioLoader.parse(path: file)
      let diagnostics = result.diagnostics + RunWarnings.of(result, file: file)
      diagnostics.forEach { printError($0.description) }
      if ScenarioLoader.unreadableReason(path: file) != nil {
        // Same status as `trace`/`render` on a missing file: EX_NOINPUT, not a data error.
        unreadable = true
      } else if diagnostics.contains(where: { $0.severity == .error }) {
        failed = true
      } else {
        print("\(file): ok" + (diagnostics.isEmpty ? "" : " (\(diagnostics.count) warning(s))"))
      }
    }
    if unreadable { throw ExitCode(ExitStatus.noInput) }
    if failed { throw ExitCode(ExitStatus.dataError) }
  }
}
