import ArgumentParser
import FolioModel
import FolioScenario

/// `folioscope compare SCENARIO`: v6.8 against v7.0, slot by slot, and where they first part.
struct CompareCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "compare", abstract: "Run a scenario under v6.8 and v7.0 and show where the outcomes differ.")

  @Argument(help: "A built-in scenario name or a path to a YAML file.")
  var scenario: String

  func run() throws {
    let loaded = try ScenarioArgument.load(scenario)
    let old = Simulation.run(loaded, kernel: .v6_8)
    let new = Simulation.run(loaded, kernel: .v7_0)
    print("\(loaded.title): v6.8 (\(old.count) steps) vs v7.0 (\(new.count) steps)")
    let differences = SlotComparison.differences(old.final, new.final)
    if differences.isEmpty {
      print("The final src/dst arrays and page tables are the same under both versions.")
    } else {
      print("Slots whose outcome differs:")
      differences.forEach { print("  " + $0) }
    }
    if let (a, b) = SlotComparison.firstDivergence(old, new) {
      print("First divergence:")
      print("  v6.8 step \(a.index) \(a.phase.rawValue) \(a.function): \(a.text)")
      print("  v7.0 step \(b.index) \(b.phase.rawValue) \(b.function): \(b.text)")
    } else {
      print("The two timelines take the same steps.")
    }
  }
}

/// Slot-by-slot comparison of two runs of one scenario.
enum SlotComparison {
  static func differences(_ a: Machine, _ b: Machine) -> [String] {
    var lines: [String] = []
    for (index, (x, y)) in zip(a.calls, b.calls).enumerated() {
      for slot in 0..<min(x.src.count, y.src.count) where x.src[slot] != y.src[slot] || x.dst[slot] != y.dst[slot] {
        let entry = { (value: UInt64) in "\(MigratePFN.hex(value)) \(MigratePFN.letters(value))" }
        lines.append("call \(index + 1) slot \(slot): v6.8 src \(entry(x.src[slot])) dst \(entry(x.dst[slot]))  |  "
          + "v7.0 src \(entry(y.src[slot])) dst \(entry(y.dst[slot]))")
      }
    }
    if a.calls.count != b.calls.count { lines.append("v6.8 made \(a.calls.count) call(s), v7.0 \(b.calls.count)") }
    for (p, q) in zip(a.processes, b.processes) where p.ptes != q.ptes || p.pmds != q.pmds {
      let addresses = Set(p.ptes.keys).union(q.ptes.keys).sorted()
      for vpn in addresses where p.ptes[vpn] != q.ptes[vpn] {
        let x = EntryDescription(p.ptes[vpn] ?? .none)
        let y = EntryDescription(q.ptes[vpn] ?? .none)
        lines.append("\(p.name) \(MigratePFN.hex(vpn << 12)): v6.8 \(describe(x))  |  v7.0 \(describe(y))")
      }
      if p.pmds != q.pmds { lines.append("\(p.name): PMD-level entries differ") }
    }
    return lines
  }

  private static func describe(_ entry: EntryDescription) -> String {
    entry.kind + (entry.pfn.map { " \(MigratePFN.hex($0))" } ?? "") + (entry.write ? " W" : "")
  }

  /// The first pair of steps (walked in lockstep) that differ in phase, kernel function or
  /// slot, or after which the arrays, page tables, waiting threads or any page either step
  /// touched (refcount, lock holder, LRU, …) differ.
  static func firstDivergence(_ a: Timeline, _ b: Timeline) -> (Step, Step)? {
    var x = a.state(at: 0)
    var y = b.state(at: 0)
    for index in 1..<min(a.count, b.count) {
      let (s, t) = (a[index], b[index])
      s.changes.forEach { x.apply($0) }
      t.changes.forEach { y.apply($0) }
      let touched = Set((s.changes + t.changes).compactMap { change -> PFN? in
        if case .frame(let pfn, _, _) = change { pfn } else { nil }
      })
      if s.phase != t.phase || s.function != t.function || s.slot != t.slot || s.call != t.call
        || x.calls != y.calls || x.processes != y.processes || x.waiters != y.waiters
        || touched.contains(where: { x.frame($0) != y.frame($0) })
      {
        return (s, t)
      }
    }
    return a.count == b.count ? nil : (a[min(a.count, b.count) - 1], b[min(a.count, b.count) - 1])
  }
}
