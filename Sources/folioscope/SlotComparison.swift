import FolioModel

/// Slot-by-slot and step-by-step comparison of the v6.8 and v7.0 runs of one scenario.
enum SlotComparison {
  /// How many lone slots (or steps) that differ alike are told on one line.
  static let scatteredFold = 4

  /// The slots and page-table entries whose final state differs, one line per run of
  /// consecutive ones that differ alike (see `DifferenceRuns`).
  static func differences(_ a: Machine, _ b: Machine) -> [String] {
    var lines: [String] = []
    let matching = CallMatching(a.calls, b.calls)
    for (index, x) in a.calls.enumerated() {
      guard let other = matching.newIndex[index] else {
        lines.append("v6.8 call \(index + 1) (\(x.api.name(in: .v6_8))\(x.start.map { " at \(MigratePFN.hex($0))" } ?? "")): "
          + "v7.0 makes no such call")
        continue
      }
      let y = b.calls[other]
      // The same call may come at another place in the other run: say which is which.
      let name = other == index ? "call \(index + 1)" : "call \(index + 1) (v7.0's call \(other + 1))"
      if x.setupResult != y.setupResult || x.migrateVMACpages != y.migrateVMACpages {
        lines.append("\(name): v6.8 \(returned(x))  |  v7.0 \(returned(y))")
      }
      var runs = DifferenceRuns(page: 1 << MigratePFN.shift)
      for slot in 0..<min(x.src.count, y.src.count) where x.src[slot] != y.src[slot] || x.dst[slot] != y.dst[slot] {
        let values = [x.src[slot], x.dst[slot], y.src[slot], y.dst[slot]]
        runs.append(.init(key: UInt64(slot), shape: values.map(MigratePFN.letters).joined(separator: " "), values: values))
      }
      // Single slots scattered through the call that differ alike (in flags) are one line too.
      let scattered = Dictionary(grouping: runs.runs.filter { $0.count == 1 }, by: \.first.shape)
        .filter { $0.value.count >= scatteredFold }
      var folded: Set<String> = []
      for run in runs.runs {
        if run.count == 1, let alike = scattered[run.first.shape] {
          guard folded.insert(run.first.shape).inserted else { continue }
          let keys = alike.prefix(6).map(\.keys).joined(separator: ", ") + (alike.count > 6 ? ", …" : "")
          let flags = run.first.values.map(MigratePFN.letters)
          lines.append("\(name), \(alike.count) slots (\(keys)): v6.8 src \(flags[0]) dst \(flags[1])  |  "
            + "v7.0 src \(flags[2]) dst \(flags[3])  (pfns: trace --slot N)")
          continue
        }
        let entry = { (field: Int) in "\(run.range(field, MigratePFN.hex)) \(MigratePFN.letters(run.first.values[field]))" }
        lines.append("\(name) slot\(run.count == 1 ? "" : "s") \(run.keys): v6.8 src \(entry(0)) dst \(entry(1))  |  "
          + "v7.0 src \(entry(2)) dst \(entry(3))")
      }
    }
    for index in matching.onlyNew {
      let y = b.calls[index]
      lines.append("v7.0 call \(index + 1) (\(y.api.name(in: .v7_0))\(y.start.map { " at \(MigratePFN.hex($0))" } ?? "")): "
        + "v6.8 makes no such call")
    }
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

  /// What a `migrate_vma_setup` returned and collected (nothing for the device-pfn calls, which
  /// have no setup).
  private static func returned(_ call: MigrateCall) -> String {
    let result = call.setupResult.map { "migrate_vma_setup returned \($0)\($0 == -22 ? " (-EINVAL)" : "")" }
    return [result, call.migrateVMACpages.map { "cpages \($0)" }].compactMap { $0 }.joined(separator: ", ")
  }

  /// A shape with its pfn (or pfn range) put back.
  private static func describe(_ shape: String, _ pfn: String) -> String {
    shape.replacingOccurrences(of: "%", with: pfn)
  }

  /// The first pair of steps (walked in lockstep) that differ in phase, listing line or slot,
  /// or after which the arrays, page tables, waiting threads or any page either step touched
  /// (refcount, lock holder, LRU, …) differ; and the functions the steps before it call by
  /// another name (the same line of the same story: `migrate_device_finalize` became
  /// `__migrate_device_finalize`), which are no divergence.
  static func firstDivergence(_ a: Timeline, _ b: Timeline) -> (steps: (Step, Step)?, renamed: [(String, String)]) {
    var x = a.state(at: 0)
    var y = b.state(at: 0)
    var renamed: [(String, String)] = []
    for index in 1..<min(a.count, b.count) {
      let (s, t) = (a[index], b[index])
      s.changes.forEach { x.apply($0) }
      t.changes.forEach { y.apply($0) }
      let touched = Set((s.changes + t.changes).compactMap { change -> PFN? in
        if case .frame(let pfn, _, _) = change { pfn } else { nil }
      })
      if s.phase != t.phase || s.label != t.label || s.slot != t.slot || s.call != t.call
        || x.calls != y.calls || x.processes != y.processes || x.waiters != y.waiters
        || touched.contains(where: { x.frame($0) != y.frame($0) })
      {
        return ((s, t), renamed)
      }
      if s.function != t.function && !renamed.contains(where: { $0 == (s.function, t.function) }) {
        renamed.append((s.function, t.function))
      }
    }
    let last = min(a.count, b.count) - 1
    return (a.count == b.count ? nil : (a[last], b[last]), renamed)
  }
}
