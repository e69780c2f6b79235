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

/// A tiny deterministic generator for the benchmark's random seeks.
struct SplitMix64: RandomNumberGenerator {
  private var state: UInt64
  init(seed: UInt64) { state = seed }
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}
