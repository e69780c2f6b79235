import FolioModel
import FolioViews
import Foundation
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

  /// Median of five runs of `folioscope render mixed-eight` as a child process.
  static func startupMilliseconds() -> Double {
    let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
    let times = (0..<5).map { _ in
      BenchClock.milliseconds {
        let process = Process()
        process.executableURL = executable
        process.arguments = ["render", "mixed-eight", "--size", "120x40"]
        process.standardOutput = FileHandle.nullDevice
        try? process.run()
        process.waitUntilExit()
      }
    }
    return BenchClock.median(times)
  }
}
