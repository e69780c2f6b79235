import Foundation
import Testing

/// One finished run of a child process: how it ended and what it printed.
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

/// Runs programs for the end-to-end tests: output captured, a time limit, signals as a shell
/// would leave them.
enum ChildProcess {
  /// Runs `program` and waits (at most `timeout`) for it to end.
  /// - Parameters:
  ///   - environment: added to (and overriding) this process's environment; NO_COLOR is
  ///     removed first so colour output does not depend on the caller's shell.
  ///   - terminal: the tty to use as standard input and, when `terminalOutput`, as output.
  static func run(
    _ program: URL, _ arguments: [String], environment: [String: String] = [:],
    terminal: PseudoTerminal? = nil, terminalOutput: Bool = false, timeout: TimeInterval = 30
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

  /// Starts `program` and returns at once, its output discarded. For commands that leave a
  /// daemon behind (tmux's server): the daemon inherits the descriptor by which Foundation
  /// learns that the child ended, so waiting would last as long as the daemon.
  static func start(_ program: URL, _ arguments: [String]) throws {
    let process = Process()
    process.executableURL = program
    process.arguments = arguments
    process.standardInput = FileHandle.nullDevice
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try withSignalsUnblocked { try process.run() }
  }

  /// The full path of `tool` on PATH, or nil.
  static func which(_ tool: String) -> URL? {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
    return path.split(separator: ":")
      .map { URL(fileURLWithPath: String($0)).appendingPathComponent(tool) }
      .first { FileManager.default.isExecutableFile(atPath: $0.path) }
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
