import FolioModel
import FolioViews
import Foundation
import Glibc
import TerminalCanvas

/// The UI side of the benchmark: building a 200×60 frame (buffer plus ANSI text) at given steps,
/// and the time from process start to the first frame of `folioscope render`.
enum BenchFrames {
  static func medianFrameMilliseconds(_ timeline: Timeline, steps: [Int]) -> Double {
    var viewer = Viewer(timeline: timeline, size: Size(width: 200, height: 60))
    let writer = ANSIWriter(palette: viewer.theme.palette)
    let times = steps.map { step in
      viewer.show(step: step)
      return BenchClock.milliseconds { _ = writer.render(viewer.render()) }
    }
    return BenchClock.median(times)
  }

  /// Median of five runs of `folioscope render mixed-eight` as a child process, from spawn to
  /// exit (posix_spawn + waitpid: Foundation's Process adds tens of milliseconds of its own).
  static func startupMilliseconds() -> Double {
    let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().path
    let arguments = [executable, "render", "mixed-eight", "--size", "120x40"]
    let times = (0..<5).map { _ in
      BenchClock.milliseconds {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        var argv = arguments.map { strdup($0) } + [nil]
        var pid = pid_t()
        if posix_spawn(&pid, executable, &actions, nil, &argv, environ) == 0 {
          var status: Int32 = 0
          waitpid(pid, &status, 0)
        }
        argv.forEach { free($0) }
        posix_spawn_file_actions_destroy(&actions)
      }
    }
    return BenchClock.median(times)
  }
}
