import ArgumentParser
import FolioScenario
import Foundation

/// The `folioscope` command: shows how Linux migrates memory between system RAM and device memory.
@main
struct Folioscope: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "folioscope",
    abstract: "Step through mm/migrate_device.c: how Linux migrates pages between system RAM and device memory.",
    version: versionText,
    subcommands: [
      RunCommand.self, RenderCommand.self, TraceCommand.self, CompareCommand.self, ListCommand.self,
      RecordCommand.self, HandoutCommand.self, ValidateCommand.self, BenchCommand.self,
    ],
    defaultSubcommand: RunCommand.self
  )

  /// Parses and runs the command line, after catching a misspelt command: without this,
  /// `folioscope tarce mixed-eight` reaches the default `run` as two scenarios and reports an
  /// "unexpected argument".
  static func main() {
    // Output that never reached its file (a full disk) fails the run, even after a command
    // that printed it and succeeded.
    // (fflush(NULL): Swift 6 does not let code name C's `stdout`.)
    atexit {
      if fflush(nil) != 0 {
        printError("folioscope: cannot write to standard output: \(String(cString: strerror(errno)))")
        _exit(ExitStatus.ioError)
      }
    }
    let arguments = Array(CommandLine.arguments.dropFirst())
    if let word = arguments.first, let command = mistypedCommand(word) {
      printError("folioscope: unknown command '\(word)'; did you mean '\(command)'? (`folioscope help` lists them)")
      Foundation.exit(ExitStatus.usage)
    }
    // `folioscope WORD SCENARIO` with no command named WORD: the default `run` would take both
    // words as scenarios and report only an "unexpected argument".
    if arguments.count >= 2, let word = arguments.first, !arguments[1].hasPrefix("-"), isUnknownWord(word) {
      printError("folioscope: unknown command '\(word)' (commands: \(commandNames.joined(separator: ", ")))")
      Foundation.exit(ExitStatus.usage)
    }
    // `help WORD` of no command would print the overview and succeed, as if WORD were known.
    if arguments.count >= 2, arguments[0] == "help", !commandNames.contains(arguments[1]) {
      let guess = Suggestion.closest(to: arguments[1], among: commandNames).first.map { "; did you mean '\($0)'?" } ?? ""
      printError("folioscope: no command '\(arguments[1])' to help with\(guess) (`folioscope help` lists them)")
      Foundation.exit(ExitStatus.usage)
    }
    main(arguments)
  }

  /// The subcommands' names, and `help`.
  static var commandNames: [String] {
    configuration.subcommands.compactMap { $0.configuration.commandName } + ["help"]
  }

  /// The command `word` is a near miss of, unless it is a command, an option, a built-in
  /// scenario or anything that looks like a path.
  static func mistypedCommand(_ word: String) -> String? {
    guard isUnknownWord(word) else { return nil }
    return Suggestion.closest(to: word, among: commandNames).first
  }

  /// Whether `word` is neither a command, an option, a built-in scenario nor anything that
  /// looks like a path.
  static func isUnknownWord(_ word: String) -> Bool {
    !word.hasPrefix("-") && !word.contains(".") && !word.contains("/") && !commandNames.contains(word)
      && !BuiltinScenarios.names.contains(word) && !FileManager.default.fileExists(atPath: word)
  }

  /// This program's version, and the kernels whose code it models.
  static let version = "0.1.0"

  static var versionText: String {
    "folioscope \(version): models mm/migrate_device.c of Linux "
      + KernelVersion.allCases.map(\.rawValue).joined(separator: " and ")
  }
}
