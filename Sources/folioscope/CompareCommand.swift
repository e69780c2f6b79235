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
  /// The slots and page-table entries whose final state differs, one line per run of
  /// consecutive ones that differ alike (see `DifferenceRuns`).
  static func differences(_ a: Machine, _ b: Machine) -> [String] {
    var lines: [String] = []
    for (index, (x, y)) in zip(a.calls, b.calls).enumerated() {
      var runs = DifferenceRuns(page: 1 << MigratePFN.shift)
      for slot in 0..<min(x.src.count, y.src.count) where x.src[slot] != y.src[slot] || x.dst[slot] != y.dst[slot] {
        let values = [x.src[slot], x.dst[slot], y.src[slot], y.dst[slot]]
        runs.append(.init(key: UInt64(slot), shape: values.map(MigratePFN.letters).joined(separator: " "), values: values))
      }
      for run in runs.runs {
        let entry = { (field: Int) in "\(run.range(field, MigratePFN.hex)) \(MigratePFN.letters(run.first.values[field]))" }
        lines.append("call \(index + 1) slot\(run.count == 1 ? "" : "s") \(run.keys): v6.8 src \(entry(0)) dst \(entry(1))  |  "
          + "v7.0 src \(entry(2)) dst \(entry(3))")
      }
    }
    if a.calls.count != b.calls.count { lines.append("v6.8 made \(a.calls.count) call(s), v7.0 \(b.calls.count)") }
    for (p, q) in zip(a.processes, b.processes) where p.ptes != q.ptes || p.pmds != q.pmds {
      var runs = DifferenceRuns(page: 1)
      let vpns = Set(p.ptes.keys).union(q.ptes.keys).union(pmdMappedPages(p)).union(pmdMappedPages(q))
      for vpn in vpns.sorted() {
        let (x, y) = (entry(p, vpn: vpn), entry(q, vpn: vpn))
        guard x != y else { continue }
        runs.append(.init(key: vpn, shape: shape(x) + "|" + shape(y), values: [x.pfn ?? 0, y.pfn ?? 0]))
      }
      for run in runs.runs {
        let (first, last) = (MigratePFN.hex(run.first.key << 12), MigratePFN.hex(run.last.key << 12))
        let address = run.count == 1 ? first : "\(first)…\(last) (\(run.count) pages)"
        let sides = run.first.shape.split(separator: "|").map(String.init)
        lines.append("\(p.name) \(address): v6.8 \(describe(sides[0], run.range(0, MigratePFN.hex)))  |  "
          + "v7.0 \(describe(sides[1], run.range(1, MigratePFN.hex)))")
      }
    }
    return lines
  }

  /// The pages (as vpns) that a PMD leaf of `process` maps.
  private static func pmdMappedPages(_ process: ProcessState) -> [UInt64] {
    process.pmds.flatMap { index, pmd in pmd == .table ? [] : Array((index << 9)..<((index + 1) << 9)) }
  }

  /// What maps page `vpn`: a PMD leaf (its kind marked PMD, naming the page at this offset),
  /// else the PTE.
  private static func entry(_ process: ProcessState, vpn: UInt64) -> EntryDescription {
    let pmd = process.pmd(at: vpn << 12)
    guard pmd != .table else { return EntryDescription(process.pte(at: vpn << 12)) }
    var described = EntryDescription(pmd)
    described.kind += " PMD"
    described.pfn = described.pfn.map { $0 + vpn % UInt64(hpagePMDNr) }
    return described
  }

  /// An entry without its pfn: its kind, whether it names a page, and W.
  private static func shape(_ entry: EntryDescription) -> String {
    entry.kind + (entry.pfn == nil ? "" : " %") + (entry.write ? " W" : "")
  }

  /// A shape with its pfn (or pfn range) put back.
  private static func describe(_ shape: String, _ pfn: String) -> String {
    shape.replacingOccurrences(of: "%", with: pfn)
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
