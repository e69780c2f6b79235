import FolioModel
import Foundation

/// The floor the benchmark compares against, and the process's peak memory.
enum BenchBaseline {
  /// A plain pass over `count` slot records: build one page record per slot and touch it.
  @inline(never)
  static func pass(_ count: Int) {
    var frames = [PageFrame](repeating: PageFrame(pfn: 0, zone: .normal, region: 0), count: count)
    for index in frames.indices {
      frames[index].refcount += 1
      frames[index].pfn = PFN(index)
    }
    precondition(frames.last?.refcount ?? 1 == 1)
  }

  /// VmHWM from /proc/self/status, in MiB (0 where it cannot be read).
  static func peakRSSMegabytes() -> Int {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
          let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
          let kilobytes = Int(line.split(separator: " ").dropFirst().first ?? "") else { return 0 }
    return kilobytes / 1024
  }
}
