import FolioModel

/// The pages whose final `struct page` state differs between the v6.8 and v7.0 runs: what the
/// arrays and page tables do not show, such as a reference one kernel leaks or a lock it leaves
/// held. Consecutive pages that differ alike are one line.
enum PageComparison {
  static func differences(_ a: Machine, _ b: Machine) -> [String] {
    var runs = DifferenceRuns(page: 1)
    for (x, y) in zip(a.frames, b.frames) {
      let (old, new) = (facts(x), facts(y))
      guard old != new else { continue }
      // Only the facts that differ, unless the two say different kinds of thing (free, a tail).
      let shown = old.count != new.count ? (old, new)
        : (zip(old, new).filter { $0 != $1 }.map(\.0), zip(old, new).filter { $0 != $1 }.map(\.1))
      runs.append(.init(key: x.pfn, shape: "v6.8 \(shown.0.joined(separator: ", "))  |  v7.0 \(shown.1.joined(separator: ", "))",
                        values: []))
    }
    return runs.runs.map { run in
      let pages = run.count == 1 ? "page \(MigratePFN.hex(run.first.key))"
        : "pages \(MigratePFN.hex(run.first.key))…\(MigratePFN.hex(run.last.key)) (\(run.count))"
      return "\(pages): \(run.first.shape)"
    }
  }

  /// What `trace --json` says of a page, and its folio's order: free, or its order, counts, lock
  /// and LRU state; a tail page only which folio it belongs to, since the folio's state is its
  /// head's.
  private static func facts(_ frame: PageFrame) -> [String] {
    guard !frame.free else { return ["free"] }
    guard frame.isHead else { return ["a tail page of folio \(MigratePFN.hex(frame.head))"] }
    return ["order \(frame.order)", "refcount \(frame.refcount)", "mapcount \(frame.mapcount)",
            frame.lockedBy.map { "locked by \($0.rawValue)" } ?? "unlocked", frame.lru ? "on the LRU" : "off the LRU"]
  }
}
