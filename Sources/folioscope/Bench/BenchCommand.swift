import ArgumentParser
import FolioModel
import FolioScenario
import Foundation

/// `folioscope bench`: simulates a large synthetic scenario and reports speed and memory against
/// a plain pass over the same number of slot records (the memory-bandwidth floor), plus the cost
/// of a UI frame and of starting up.
struct BenchCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "bench", abstract: "Benchmark the simulation, frames and start-up on a large synthetic scenario.")

  @Option(parsing: .unconditional, help: "Number of slots (pages) to migrate; rounded up to whole 2 MiB chunks.")
  var slots = 1_048_576

  @Flag(help: "Print the results as JSON.")
  var json = false

  /// The largest run `--slots` allows: 16 GiB of pages, whose timeline takes ~4 GB of memory.
  static let maxSlots = 4 << 20

  func validate() throws {
    guard (1...Self.maxSlots).contains(slots) else {
      throw ValidationError("--slots wants a number of pages from 1 to \(Self.maxSlots) (got \(slots))")
    }
  }

  func run() throws {
    let scenario = SyntheticScenario.make(slots: slots)
    let count = scenario.processes[0].vmas[0].pages
    // The baseline first, so its own array is freed before the timeline exists and is not
    // counted in the peak.
    let baseline = BenchClock.milliseconds { BenchBaseline.pass(count) }
    var timeline: Timeline?
    let simulate = BenchClock.milliseconds { timeline = Simulation.run(scenario) }
    guard let timeline else { return }
    // 100 steps scattered over the whole run by a multiplicative hash: deterministic, no RNG.
    let targets = (1...100).map { Int((UInt64($0) &* 2_654_435_761) % UInt64(timeline.count)) }
    let seek = BenchClock.median(targets.map { target in BenchClock.milliseconds { _ = timeline.state(at: target) } })
    let results: [(String, JSON)] = [
      ("slots", .int(count)),
      ("simulate_ms", .number(simulate, decimals: 1)),
      ("ns_per_slot", .number(simulate * 1e6 / Double(count), decimals: 1)),
      ("baseline_ns_per_slot", .number(baseline * 1e6 / Double(count), decimals: 2)),
      ("ratio", .number(simulate / max(1e-9, baseline), decimals: 1)),
      ("build_ms", .number(timeline.timings.buildMilliseconds, decimals: 1)),
      ("record_ms", .number(timeline.timings.recordMilliseconds, decimals: 1)),
      ("check_wait_ms", .number(timeline.timings.checkWaitMilliseconds, decimals: 1)),
      ("steps", .int(timeline.count)),
      ("changes", .int(timeline.changeCount)),
      ("timeline_bytes", .int(timeline.recordedBytes)),
      ("peak_rss_mb", .int(BenchBaseline.peakRSSMegabytes())),
      ("seek_ms_median", .number(seek, decimals: 3)),
      ("frame_ms_median", .number(BenchFrames.medianFrameMilliseconds(timeline, steps: targets), decimals: 3)),
      ("startup_ms", .number(BenchFrames.startupMilliseconds(), decimals: 1)),
      ("violations", .int(timeline.violations.count)),
    ]
    if json {
      print(JSON.object(results).text())
    } else {
      for (key, value) in results { print(key.padding(22) + value.text(indent: nil)) }
    }
  }
}

/// Wall-clock timing for the benchmark.
enum BenchClock {
  static func milliseconds(_ body: () -> Void) -> Double { ContinuousClock().measure(body).milliseconds }

  static func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    return sorted.isEmpty ? 0 : sorted[sorted.count / 2]
  }
}
