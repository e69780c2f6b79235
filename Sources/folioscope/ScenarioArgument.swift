import ArgumentParser
import FolioModel
import FolioScenario
import Foundation

/// Exit codes from sysexits.h, as the README documents them.
enum ExitStatus {
  /// EX_USAGE: an unknown scenario name or bad option.
  static let usage: Int32 = 64
  /// EX_DATAERR: a scenario file with errors.
  static let dataError: Int32 = 65
  /// EX_NOINPUT: a scenario file that does not exist or cannot be read (a directory, no permission).
  static let noInput: Int32 = 66
  /// EX_CANTCREAT: an output file that cannot be created.
  static let cannotCreate: Int32 = 73
  /// EX_IOERR: standard output could not be written (a full disk, a closed pipe's end).
  static let ioError: Int32 = 74
}

/// Why a SCENARIO argument could not be loaded: the message to print and the exit status.
struct ScenarioArgumentError: Error {
  var message: String
  var status: Int32
}

/// Loads the SCENARIO argument: a built-in name or a path to a YAML file, through the same
/// validator as `folioscope validate`.
enum ScenarioArgument {
  /// Loads it, or prints one clear message on stderr and exits with the matching status.
  static func load(_ argument: String) throws -> Scenario {
    do {
      return try resolve(argument)
    } catch {
      printError(error.message)
      throw ExitCode(error.status)
    }
  }

  static func resolve(_ argument: String) throws(ScenarioArgumentError) -> Scenario {
    let looksLikePath = argument.contains("/") || argument.hasSuffix(".yaml") || argument.hasSuffix(".yml")
    // A built-in's name is the built-in, even beside a file of that name (./name reads the file).
    let builtin = BuiltinScenarios.names.contains(argument)
    if looksLikePath || (!builtin && FileManager.default.fileExists(atPath: argument)) {
      if let reason = ScenarioLoader.unreadableReason(path: argument) {
        // 'mixed-eight.yaml' for the built-in 'mixed-eight'.
        let stem = URL(fileURLWithPath: argument).deletingPathExtension().lastPathComponent
        let hint = !argument.contains("/") && BuiltinScenarios.names.contains(stem)
          ? "; the built-in scenario is '\(stem)', without .yaml" : ""
        throw ScenarioArgumentError(message: "folioscope: cannot read the scenario file '\(argument)': \(reason)\(hint)",
                                    status: ExitStatus.noInput)
      }
      do {
        return try ScenarioLoader.load(path: argument)
      } catch {
        throw ScenarioArgumentError(message: error.description, status: ExitStatus.dataError)
      }
    }
    guard BuiltinScenarios.names.contains(argument) else {
      let close = BuiltinScenarios.closest(to: argument)
      throw ScenarioArgumentError(
        message: "folioscope: unknown scenario '\(argument)'"
          + (close.isEmpty ? "" : "; did you mean \(close.map { "'\($0)'" }.joined(separator: " or "))?")
          + " (`folioscope list` shows them all)",
        status: ExitStatus.usage)
    }
    do {
      return try BuiltinScenarios.load(argument)
    } catch {
      throw ScenarioArgumentError(message: error.description, status: ExitStatus.dataError)
    }
  }
}

/// Prints a line on standard error.
func printError(_ message: String) {
  // Not FileHandle.write(_:), which traps when the write fails (stderr on a full disk).
  try? FileHandle.standardError.write(contentsOf: Data((message + "\n").utf8))
}

/// A usage error found after parsing (an option that names nothing in this run): one line on
/// stderr, where a `ValidationError` thrown from `run()` would print the top command's usage.
func usageError(_ message: String) -> ExitCode {
  printError("folioscope: " + message)
  return ExitCode(ExitStatus.usage)
}

extension KernelVersion: ExpressibleByArgument {}
