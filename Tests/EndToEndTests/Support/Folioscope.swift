import Foundation
import Testing

/// One finished run of the real `folioscope` binary: how it ended and what it printed.
struct RunResult {
  var status: Int32
  var stdout: String
  var stderr: String

  /// Standard output split at newlines, without the empty string after the final newline.
  var lines: [String] {
    var lines = stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    if lines.last == "" { lines.removeLast() }
    return lines
  }
}

/// Finds the `folioscope` executable that `swift test` built and runs it as a child process.
enum Folioscope {
  /// The package root, from this file's place in it (Tests/EndToEndTests/Support/).
  static let packageRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

  /// `FOLIOSCOPE_BINARY` if set, else the `folioscope` next to the test bundle: SwiftPM puts both
  /// in one bin folder, so this holds for any clone path, `-c release` and `--scratch-path`.
  static let binary: URL? = {
    if let path = ProcessInfo.processInfo.environment["FOLIOSCOPE_BINARY"] {
      return URL(fileURLWithPath: path)
    }
    // On Linux the bundle URL is the bin folder itself; on macOS it is the .xctest inside it.
    let bundle = Bundle.main.bundleURL
    return [bundle, bundle.deletingLastPathComponent()]
      .map { $0.appendingPathComponent("folioscope") }
      .first {
        FileManager.default.isExecutableFile(atPath: $0.path)
          && !FileManager.default.isDirectory($0)
      }
  }()

  /// Runs the binary with `arguments` and waits (at most `timeout`) for it to end.
  static func run(
    _ arguments: [String], environment: [String: String] = [:], terminal: PseudoTerminal? = nil,
    terminalOutput: Bool = false, timeout: TimeInterval = 30
  ) throws -> RunResult {
    let binary = try #require(
      binary, "no folioscope binary next to the test bundle; set FOLIOSCOPE_BINARY")
    return try runProgram(
      binary, arguments, environment: environment, terminal: terminal,
      terminalOutput: terminalOutput,
      timeout: timeout)
  }

  /// Runs any program the same way (the tmux smoke script, say).
  /// - Parameters:
  ///   - environment: added to (and overriding) this process's environment; NO_COLOR is
  ///     removed first so colour output does not depend on the caller's shell.
  ///   - terminal: the tty to use as standard input and, when `terminalOutput`, as output.
  static func runProgram(
    _ program: URL, _ arguments: [String], environment: [String: String], terminal: PseudoTerminal?,
    terminalOutput: Bool, timeout: TimeInterval
  ) throws -> RunResult {
    let scratch = try TemporaryFolder()
    let out = scratch.url.appendingPathComponent("stdout")
    let err = scratch.url.appendingPathComponent("stderr")
    try Data().write(to: out)
    try Data().write(to: err)
    // Files, not pipes: a large `trace --json` can never fill a pipe and block the child.
    let outHandle = try FileHandle(forWritingTo: out)
    let errHandle = try FileHandle(forWritingTo: err)
    defer {
      try? outHandle.close()
      try? errHandle.close()
    }
    let process = Process()
    process.executableURL = program
    process.arguments = arguments
    var env = ProcessInfo.processInfo.environment
    env["NO_COLOR"] = nil
    env["SWIFT_BACKTRACE"] = "interactive=no"
    env.merge(environment) { $1 }
    process.environment = env
    process.standardInput = terminal?.child ?? FileHandle.nullDevice
    process.standardOutput = terminalOutput ? terminal?.child : outHandle
    process.standardError = errHandle
    let ended = DispatchSemaphore(value: 0)
    process.terminationHandler = { _ in ended.signal() }
    try withSignalsUnblocked { try process.run() }
    if ended.wait(timeout: .now() + timeout) == .timedOut {
      process.terminate()
      if ended.wait(timeout: .now() + 5) == .timedOut {
        kill(process.processIdentifier, SIGKILL)
        ended.wait()
      }
      Issue.record(
        "\(program.lastPathComponent) \(arguments.joined(separator: " ")) did not end within \(timeout)s"
      )
    }
    return RunResult(
      status: process.terminationStatus,
      stdout: String(decoding: try Data(contentsOf: out), as: UTF8.self),
      stderr: String(decoding: try Data(contentsOf: err), as: UTF8.self))
  }
}

/// Runs `body` with no signal blocked on this thread. Tests run on worker threads that block
/// almost every signal, and a spawned child inherits that mask: its SIGTERM handler (or a tmux
/// server's SIGCHLD) would never run.
private func withSignalsUnblocked<T>(_ body: () throws -> T) rethrows -> T {
  var none = sigset_t()
  var saved = sigset_t()
  sigemptyset(&none)
  pthread_sigmask(SIG_SETMASK, &none, &saved)
  defer { pthread_sigmask(SIG_SETMASK, &saved, nil) }
  return try body()
}

extension FileManager {
  fileprivate func isDirectory(_ url: URL) -> Bool {
    var isDirectory: ObjCBool = false
    return fileExists(atPath: url.path, isDirectory: &isDirectory) && isDirectory.boolValue
  }
}

/// A fresh folder under the system's temporary directory, removed when the value is released.
final class TemporaryFolder {
  let url: URL

  init() throws {
    url = FileManager.default.temporaryDirectory
      .appendingPathComponent("folioscope-e2e-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  }

  /// Writes `text` to a file named `name` in the folder and returns its path.
  func write(_ text: String, to name: String) throws -> String {
    let file = url.appendingPathComponent(name)
    try Data(text.utf8).write(to: file)
    return file.path
  }

  deinit { try? FileManager.default.removeItem(at: url) }
}
