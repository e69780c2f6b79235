import Foundation
import Testing

/// Finds the `folioscope` executable that `swift test` built and runs it as a child process.
enum Folioscope {
  /// The package root, from this file's place in it (Tests/EndToEndTests/Support/).
  static let packageRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

  /// `FOLIOSCOPE_BINARY` if set, else the `folioscope` next to the test bundle: SwiftPM puts both
  /// in one bin folder (`swift build --show-bin-path`), so this holds for any clone path,
  /// `-c release` and `--scratch-path`.
  static let binary: URL? = {
    if let path = ProcessInfo.processInfo.environment["FOLIOSCOPE_BINARY"] {
      return URL(fileURLWithPath: path)
    }
    // On Linux the bundle URL is the bin folder itself; on macOS it is the .xctest inside it.
    let bundle = Bundle.main.bundleURL
    return [bundle, bundle.deletingLastPathComponent()]
      .map { $0.appendingPathComponent("folioscope") }
      .first {
        var isDirectory: ObjCBool = false
        return FileManager.default.isExecutableFile(atPath: $0.path)
          && FileManager.default.fileExists(atPath: $0.path, isDirectory: &isDirectory)
          && !isDirectory.boolValue
      }
  }()

  /// Runs the binary with `arguments` and waits (at most `timeout`) for it to end. The default
  /// only guards against a hang: a debug build recording thp-split beside the parallel tests and
  /// other builds took over 30 s.
  static func run(
    _ arguments: [String], environment: [String: String] = [:], terminal: PseudoTerminal? = nil,
    terminalOutput: Bool = false, timeout: TimeInterval = 180
  ) throws -> RunResult {
    let binary = try #require(
      binary, "no folioscope binary next to the test bundle; set FOLIOSCOPE_BINARY")
    return try ChildProcess.run(
      binary, arguments, environment: environment, terminal: terminal,
      terminalOutput: terminalOutput, timeout: timeout)
  }

  /// Runs the binary and returns its standard output, expecting it to succeed.
  static func output(_ arguments: String...) throws -> String {
    let result = try run(arguments)
    #expect(
      result.status == 0,
      "folioscope \(arguments.joined(separator: " ")) exited \(result.status): \(result.stderr)")
    return result.stdout
  }
}
