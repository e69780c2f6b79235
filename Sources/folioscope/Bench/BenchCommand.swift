import ArgumentParser
import FolioModel
import FolioScenario
import Foundation

/// `folioscope bench`: simulates a large synthetic scenario and reports speed and memory against
/// a plain pass over the same number of slot records (the memory-bandwidth floor).
struct BenchCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "bench", abstract: "Benchmark the simulation on a large synthetic scenario.")

  @Option(help: "Number of slots (pages) to migrate; rounded up to whole 2 MiB chunks.")
  var slots = 1_048_576

  @Flag(help: "Print the results as JSON.")
  var json = false

  func run() throws {
    let scenario = SyntheticScenario.make(slots: slots)
    let count = scenario.processes[0].vmas[0].pages
    let clock = ContinuousClock()
    var timeline: Timeline?
    let simulate = clock.measure { timeline = Simulation.run(scenario) }
    guard let timeline else { return }
    let baseline = clock.measure { BenchBaseline.pass(count) }
    var seeks: [Duration] = []
    var generator = SplitMix64(seed: 42)
    for _ in 0..<100 {
      let target = Int(generator.next() % UInt64(timeline.count))
      seeks.append(clock.measure { _ = timeline.state(at: target) })
    }
    let simulateNs = Double(simulate.components.attoseconds) / 1e9 + Double(simulate.components.seconds) * 1e9
    let baselineNs = Double(baseline.components.attoseconds) / 1e9 + Double(baseline.components.seconds) * 1e9
    let changes = timeline.steps.reduce(0) { $0 + $1.changes.count }
    let results: [(String, JSON)] = [
      ("slots", .int(count)),
      ("simulate_ms", .string(String(format: "%.1f", simulateNs / 1e6))),
      ("ns_per_slot", .string(String(format: "%.1f", simulateNs / Double(count)))),
      ("baseline_ns_per_slot", .string(String(format: "%.2f", baselineNs / Double(count)))),
      ("ratio", .string(String(format: "%.1f", simulateNs / max(1, baselineNs)))),
      ("steps", .int(timeline.count)),
      ("changes", .int(changes)),
      ("timeline_bytes", .int(changes * MemoryLayout<Change>.stride + timeline.count * MemoryLayout<Step>.stride)),
      ("peak_rss_mb", .int(BenchBaseline.peakRSSMegabytes())),
      ("seek_ms_median", .string(String(format: "%.3f", median(seeks)))),
      ("violations", .int(timeline.violations.count)),
    ]
    if json {
      print(JSON.object(results).text())
    } else {
      for (key, value) in results { print(key.padding(22) + value.text(indent: nil).replacingOccurrences(of: "\"", with: "")) }
    }
  }

  private func median(_ durations: [Duration]) -> Double {
    let sorted = durations.sorted()
    let middle = sorted[sorted.count / 2].components
    return Double(middle.seconds) * 1e3 + Double(middle.attoseconds) / 1e15
  }
}
