/// Groups consecutive differences of the same kind into one line, so that `compare` says
/// "slots 1–511" once where a THP's pages all differ the same way instead of printing 511
/// lines. A row's numbers may stay or count up by one page from row to row (the pfns of a
/// folio's pages); two rows alone are not a pattern and stay two lines.
struct DifferenceRuns {
  /// What "one page" is in the rows' numbers (0x40 for migrate pfns, 1 for pfns).
  let page: UInt64

  /// One difference: its key (a slot, or a virtual page number), what it looks like apart
  /// from its numbers, and its numbers.
  struct Row {
    var key: UInt64
    var shape: String
    var values: [UInt64]
  }

  /// A run of rows: the first and last row and how many rows it holds.
  struct Run {
    var first: Row
    var last: Row
    var count: Int
    /// The step each number takes from row to row (all zero for a single row).
    var steps: [UInt64]

    /// The run's first and last value of number `index`, or just the one value if it does not change.
    func range(_ index: Int, _ format: (UInt64) -> String) -> String {
      steps[index] == 0 ? format(first.values[index]) : "\(format(first.values[index]))…\(format(last.values[index]))"
    }

    /// The run's keys: "5" or "1–511".
    var keys: String { count == 1 ? "\(first.key)" : "\(first.key)–\(last.key)" }
  }

  private var found: [Run] = []

  init(page: UInt64) { self.page = page }

  /// The runs, a run of two rows given as two single rows.
  var runs: [Run] {
    found.flatMap { run in
      run.count != 2 ? [run] : [run.first, run.last].map { Run(first: $0, last: $0, count: 1, steps: run.steps.map { _ in 0 }) }
    }
  }

  /// Adds `row`, extending the last run when it continues it: the next key, the same shape,
  /// and every number moved by the run's step (0 or one page; either, for a run's second row).
  mutating func append(_ row: Row) {
    if var run = found.last, row.key == run.last.key &+ 1, row.shape == run.last.shape,
       row.values.count == run.last.values.count {
      let steps = zip(row.values, run.last.values).map { $0 &- $1 }
      if run.count == 1 ? steps.allSatisfy({ $0 == 0 || $0 == page }) : steps == run.steps {
        run.steps = steps
        run.last = row
        run.count += 1
        found[found.count - 1] = run
        return
      }
    }
    found.append(Run(first: row, last: row, count: 1, steps: Array(repeating: 0, count: row.values.count)))
  }
}
