import Foundation
import Testing

/// The interactive UI in a real terminal, and what happens when there is no usable one.
@Suite struct TerminalTests {
  /// `.ci/tmux-smoke.sh` (with its folioscope checks) in a private tmux server at 120×40: first
  /// frame, keys, the help overlay, resizes down to the too-small screen and back, then quitting
  /// with q (exit 0), Ctrl-C (exit 0) and SIGTERM (exit 143), each leaving the alternate screen.
  @Test(
    .enabled(
      if: ChildProcess.which("tmux") != nil, "tmux is not installed (CI installs it: .ci/run)"))
  func smokeInTmux() throws {
    let binary = try #require(Folioscope.binary)
    let script = Folioscope.packageRoot.appendingPathComponent(".ci/tmux-smoke.sh")
    let result = try ChildProcess.run(
      URL(fileURLWithPath: "/bin/bash"), [script.path, binary.path, "mixed-eight"],
      // Generous: the script polls, so a green run takes no longer; a loaded machine (parallel
      // tests beside other builds) once took over 10 s to draw a frame.
      environment: ["SMOKE_TIMEOUT": "30", "SMOKE_HOOKS": ""], timeout: 180)
    #expect(result.status == 0, "\(result.stderr)")
    #expect(
      result.lines == [
        "tmux-smoke: ok: quit key q (exit 0, terminal restored)",
        "tmux-smoke: ok: Ctrl-C (exit 0, terminal restored)",
        "tmux-smoke: ok: SIGTERM (exit 143, terminal restored)",
      ])
  }

  /// A tty whose type cannot move the cursor: one line pointing at render/trace, no crash.
  @Test func dumbTerminalSuggestsRenderOrTrace() throws {
    let terminal = try PseudoTerminal()
    let result = try Folioscope.run(
      ["mixed-eight"], environment: ["TERM": "dumb"], terminal: terminal, terminalOutput: true,
      timeout: 10)
    #expect(result.status == 1)
    #expect(
      result.stderr
        == "folioscope: the terminal type TERM=dumb cannot show a full-screen UI; use "
        + "`folioscope render mixed-eight --step N` or `folioscope trace mixed-eight` instead\n")
  }

  /// `folioscope | cat`: the keyboard is a tty but the output is a pipe.
  @Test func pipedOutputSuggestsRenderOrTrace() throws {
    let terminal = try PseudoTerminal()
    let result = try Folioscope.run(
      [], environment: ["TERM": "xterm-256color"], terminal: terminal, timeout: 10)
    #expect(result.status == 1)
    #expect(result.stdout.isEmpty)
    #expect(
      result.stderr
        == "folioscope: not a terminal (standard input or output is redirected); use "
        + "`folioscope render mixed-eight --step N` or `folioscope trace mixed-eight` instead\n")
  }
}

