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
    let pages = PageComparison.differences(old.final, new.final)
    if differences.isEmpty && pages.isEmpty {
      print("The final src/dst arrays, page tables and struct pages are the same under both versions.")
    }
    if !differences.isEmpty {
      print("Slots whose outcome differs:")
      differences.forEach { print("  " + $0) }
    }
    if !pages.isEmpty {
      print("Pages whose final state differs:")
      pages.forEach { print("  " + $0) }
    }
    let notes = CompareNotes.notes(old, new)
    if !notes.isEmpty {
      print("Not the core kernel:")
      notes.forEach { print("  " + $0) }
    }
    let renamed: [(String, String)]
    let alignment = StepAlignment(old, new)
    if let middle = alignment.tooLong {
      let divergence = SlotComparison.firstDivergence(old, new)
      renamed = divergence.renamed
      if let pair = divergence.steps {
        print("The runs are too long to line up step by step (\(middle.old) and \(middle.new) steps between "
          + "their common start and end); where they first part:")
        printPair(pair, old, new)
      }
    } else {
      renamed = alignment.renamed
      printFirstDivergence(alignment, old, new)
      printStretches(alignment.unmatched, old, new)
      if alignment.differing.isEmpty && alignment.unmatched.isEmpty {
        print("The two timelines take the same steps\(renamed.isEmpty ? "" : ", some under other names").")
      } else if !alignment.differing.isEmpty {
        let count = alignment.differing.count
        print((alignment.unmatched.isEmpty ? "The two take the same steps, but " : "Of the steps both take, ")
          + "\(count == 1 ? "this one does" : "these \(count) do") something else:")
        printFolded(alignment.differing, old, new)
      }
    }
    if !renamed.isEmpty {
      print("The same steps in another function, renamed or moved into a helper (v6.8 → v7.0):")
      renamed.forEach { print("  \($0.0) → \($0.1)") }
    }
    print("What a driver sees change from v6.8 to v7.0, scenario by scenario: docs/porting-v6.8-to-v7.0.md")
  }

  /// The first step where the runs part: the start of the first stretch only one kernel takes
  /// (in full: the stretches below name only functions), or the first step both take that does
  /// something else (listed in full below), whichever is earlier.
  private func printFirstDivergence(_ alignment: StepAlignment, _ old: Timeline, _ new: Timeline) {
    let stretch = alignment.unmatched.first
    let differing = alignment.differing.first
    if let stretch, differing.map({ stretch.old.lowerBound < $0.0.index }) ?? true {
      print("They first part at v6.8 step \(stretch.old.lowerBound), v7.0 step \(stretch.new.lowerBound):")
      for (kernel, range, timeline) in [("v6.8", stretch.old, old), ("v7.0", stretch.new, new)] {
        print("  \(kernel) " + (range.isEmpty ? "takes no step here"
          : "step \(range.lowerBound) \(timeline[range.lowerBound].phase.rawValue) \(timeline[range.lowerBound].function): "
            + timeline[range.lowerBound].text))
      }
    } else if let differing {
      print("They first part at v6.8 step \(differing.0.index), v7.0 step \(differing.1.index) (below).")
    }
  }

  /// The stretches only one kernel takes, each against what the other does instead.
  private func printStretches(_ stretches: [(old: Range<Int>, new: Range<Int>)], _ old: Timeline, _ new: Timeline) {
    guard !stretches.isEmpty else { return }
    print("Where the runs part (steps only one kernel takes):")
    func describe(_ range: Range<Int>, _ timeline: Timeline) -> String {
      guard !range.isEmpty else { return "nothing" }
      var functions: [String] = []
      for index in range where !functions.contains(timeline[index].function) {
        functions.append(timeline[index].function)
        if functions.count > 3 { break }
      }
      let steps = range.count == 1 ? "step \(range.lowerBound)" : "steps \(range.lowerBound)–\(range.upperBound - 1)"
      return "\(steps) (\(functions.prefix(3).joined(separator: ", "))\(functions.count > 3 ? ", …" : ""))"
    }
    for stretch in stretches.prefix(12) {
      print("  v6.8 \(describe(stretch.old, old))  |  v7.0 \(describe(stretch.new, new))")
    }
    if stretches.count > 12 { print("  … and \(stretches.count - 12) more") }
  }

  /// Steps of the same line of the same functions, many times over: the first, then where.
  private func printFolded(_ pairs: [(Step, Step)], _ old: Timeline, _ new: Timeline) {
    let kinds = Dictionary(grouping: pairs, by: { "\($0.0.function) \($0.0.label) \($0.1.function)" })
    var told: Set<String> = []
    for pair in pairs {
      let kind = "\(pair.0.function) \(pair.0.label) \(pair.1.function)"
      guard let alike = kinds[kind], alike.count >= SlotComparison.scatteredFold else {
        printPair(pair, old, new)
        continue
      }
      guard told.insert(kind).inserted else { continue }
      printPair(pair, old, new)
      let rest = alike.dropFirst()
      print("  … and \(rest.count) more like it: steps " + rest.prefix(8).map { "\($0.0.index)" }.joined(separator: ", ")
        + (rest.count > 8 ? ", …" : ""))
    }
  }

  private func printPair(_ pair: (Step, Step), _ old: Timeline, _ new: Timeline) {
    for (kernel, step) in [("v6.8", pair.0), ("v7.0", pair.1)] {
      print("  \(kernel) step \(step.index) \(step.phase.rawValue) \(step.function): \(step.text)")
    }
    if let difference = EntryDifference.describe(pair, old, new) { print(difference) }
  }
}
