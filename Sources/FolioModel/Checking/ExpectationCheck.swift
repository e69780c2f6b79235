import FolioScenario

/// A scenario's `expect:` block for one kernel compared with how a run ended: every expected
/// src/dst value, counter, page-table entry and page field that differs, in words.
public enum ExpectationCheck {
  /// What differs between `expectation` and the final state of `timeline` (empty: it matches).
  public static func mismatches(_ expectation: Expectation, in timeline: Timeline) -> [String] {
    let final = timeline.final
    var found: [String] = []
    func differs<T: Equatable>(_ what: String, _ actual: T, _ expected: T, _ show: (T) -> String) {
      if actual != expected { found.append("\(what) is \(show(actual)), expected \(show(expected))") }
    }
    if final.calls.count < expectation.calls.count {
      found.append("\(final.calls.count) calls ran, expected \(expectation.calls.count)")
    }
    for (index, expected) in expectation.calls.enumerated() where index < final.calls.count {
      let call = final.calls[index]
      let name = "call \(index + 1)"
      differs("\(name) slots", call.src.count, expected.src.count) { String($0) }
      for slot in 0..<min(call.src.count, expected.src.count) {
        differs("\(name) src[\(slot)]", call.src[slot], expected.src[slot], MigratePFN.hex)
      }
      for slot in 0..<min(call.dst.count, expected.dst.count) {
        differs("\(name) dst[\(slot)]", call.dst[slot], expected.dst[slot], MigratePFN.hex)
      }
      if let cpages = expected.cpages { differs("\(name) cpages", call.cpages, cpages) { String($0) } }
      if let result = expected.setupResult {
        differs("\(name) setup result", call.setupResult, result) { $0.map(String.init) ?? "none" }
      }
    }
    for pte in expectation.ptes {
      let at = "\(pte.process)'s \(pte.level.uppercased()) at \(MigratePFN.hex(pte.address))"
      guard let process = final.processes.first(where: { $0.name == pte.process }) else {
        found.append("\(at): there is no process \(pte.process)")
        continue
      }
      let actual = pte.level == "pmd" ? EntryDescription(process.pmd(at: pte.address))
        : EntryDescription(process.pte(at: pte.address))
      differs("\(at) entry", actual.kind, pte.entry) { $0 }
      if let pfn = pte.pfn { differs("\(at) pfn", actual.pfn, pfn) { $0.map(MigratePFN.hex) ?? "none" } }
      if let write = pte.write { differs("\(at) write", actual.write, write) { String($0) } }
    }
    for page in expectation.pages {
      let at = MigratePFN.hex(page.pfn)
      guard let frame = final.frame(page.pfn), let folio = final.folio(of: page.pfn) else {
        found.append("\(at) is not a simulated page")
        continue
      }
      if let free = page.free { differs("\(at) free", frame.free, free) { String($0) } }
      if let refcount = page.refcount { differs("\(at) refcount", folio.refcount, refcount) { String($0) } }
      if let mapcount = page.mapcount { differs("\(at) mapcount", folio.mapcount, mapcount) { String($0) } }
      if let locked = page.locked { differs("\(at) locked", folio.isLocked, locked) { String($0) } }
      if let lru = page.lru { differs("\(at) lru", folio.lru, lru) { String($0) } }
    }
    return found
  }
}
