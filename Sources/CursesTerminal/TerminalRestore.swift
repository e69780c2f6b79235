import CNcursesw
import Glibc

/// Signal handlers that give the terminal back before the process dies, so a kill or a crash
/// never leaves the user's shell in raw mode on the alternate screen.
public enum TerminalRestore {
  /// Signals that end the process: restore the terminal, then exit with 128 + the signal number.
  static let terminationSignals = [SIGTERM, SIGHUP, SIGINT]
  /// Crash signals: restore the terminal, then let the previous handler (Swift's backtracer,
  /// which prints the crash report) or the default action run, on a readable screen.
  static let crashSignals = [SIGILL, SIGTRAP, SIGABRT, SIGSEGV, SIGBUS, SIGFPE]

  /// Whether curses owns the screen; written by `CursesTerminal` only, read by the handlers.
  nonisolated(unsafe) static var cursesActive = false
  nonisolated(unsafe) private static var installed = false
  /// The handlers found at install time, indexed by signal number (a fixed array, so the
  /// handler reads it without allocating).
  nonisolated(unsafe) private static var previousActions: [sigaction] = Array(
    repeating: sigaction(), count: Int(NSIG))

  /// Installs the handlers once; later calls do nothing. `CursesTerminal.init` calls it.
  public static func install() {
    guard !installed else { return }
    installed = true
    // A terminal held by a global is never deinitialised, so also restore on exit() and on
    // returning from main without close().
    atexit {
      if TerminalRestore.cursesActive { endwin() }
    }
    for signal in terminationSignals {
      setHandler(for: signal) { signal in
        // endwin is not async-signal-safe; like ratatui's panic hook we accept that on the way out.
        if TerminalRestore.cursesActive { endwin() }
        _exit(128 + signal)
      }
    }
    for signal in crashSignals {
      setHandler(for: signal) { signal in
        if TerminalRestore.cursesActive { endwin() }
        TerminalRestore.cursesActive = false
        var previous = TerminalRestore.previousActions[Int(signal)]
        sigaction(signal, &previous, nil)
        // Blocked until this handler returns; a fault re-executes and meets the previous handler.
        raise(signal)
      }
    }
  }

  private static func setHandler(for signal: Int32, _ handler: @convention(c) (Int32) -> Void) {
    var action = sigaction()
    action.__sigaction_handler.sa_handler = handler
    sigemptyset(&action.sa_mask)
    sigaction(signal, &action, &previousActions[Int(signal)])
  }
}
