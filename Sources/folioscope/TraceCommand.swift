import ArgumentParser
import FolioModel
import FolioScenario

/// `folioscope trace SCENARIO`: runs a scenario headless and prints its step log (or JSON).
struct TraceCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "trace", abstract: "Run a scenario headless and print every step, or the trace as JSON.")

  @Argument(help: "A built-in scenario name (see `folioscope list`) or a path to a YAML file.")
  var scenario: String = "mixed-eight"

  @Option(help: "Kernel version to simulate: v7.0 or v6.8 (default: the scenario's own).")
  var kernel: KernelVersion?

  @Flag(help: "Print the trace as JSON.")
  var json = false

  @Flag(help: "One line per step: phase, function and line, slot, pfn, and that line of the paraphrased listing, without the explanation.")
  var brief = false

  @Flag(help: "Exit 1 if the run breaks an invariant or ends other than the scenario's expect block says.")
  var check = false

  @OptionGroup(title: "Filters (which steps are listed; the final state is always whole)")
  var filter: StepFilter

  func validate() throws {
    if brief && json { throw ValidationError("--brief shortens the text log; --json always has every step's text") }
  }

  func run() throws {
    let timeline = Simulation.run(try ScenarioArgument.load(scenario), kernel: kernel)
    let shown = try filter.steps(in: timeline)
    if json {
      print(TraceReport.json(timeline, steps: shown).text())
    } else {
      print(TraceLog.text(timeline, steps: shown, filter: filter.summary, brief: brief))
    }
    if check, let failure = TraceLog.checkFailure(timeline) {
      printError("folioscope: check failed under \(timeline.kernel.rawValue): \(failure)")
      throw ExitCode.failure
    }
  }
}

/// The readable step log of `folioscope trace`.
enum TraceLog {
  /// The log of every step, or of the steps `shown` (those `filter` describes); `brief` leaves
  /// out each step's explanation.
  static func text(_ timeline: Timeline, steps shown: [Int]? = nil, filter: String = "", brief: Bool = false) -> String {
    var lines = ["\(timeline.scenario.title(under: timeline.kernel)) — kernel \(timeline.kernel.rawValue) — \(timeline.count) steps (0–\(timeline.count - 1))"]
    if let shown { lines.append("showing \(shown.count) step\(shown.count == 1 ? "" : "s") \(filter)") }
    lines.append("")
    let steps = (shown ?? Array(timeline.steps.indices)).lazy.map { timeline[$0] }
    let heads = steps.map { step in
      var where_ = step.function + (step.line.map { ":\($0)" } ?? "")
      if let slot = step.slot { where_ += "  slot \(slot)" }
      if let pfn = step.pfn { where_ += "  pfn \(MigratePFN.hex(pfn))" }
      let mark = step.failed ? "✗" : " "
      return (step, "\(mark)[\(String(step.index).leftPad(4))] \(step.phase.rawValue.padding(9)) \(where_)")
    }
    // The brief log's listing column starts after the longest head (up to 80 columns), so it
    // stays one straight column.
    let column = brief ? min(80, heads.map(\.1.count).max() ?? 0) : 0
    for (step, head) in heads {
      guard !brief else {
        // The listing's line says what the step does, in the kernel's own terms.
        let code = step.line.flatMap { line in Listings.listing(for: step.function).map { $0.lines[line - 1].text } }
        lines.append(code.map { head.padding(column) + " │ " + $0.trimmingCharacters(in: .whitespaces) } ?? head)
        continue
      }
      lines.append(head)
      lines.append(contentsOf: wrap(step.text, width: 92).map { "        " + $0 })
    }
    lines.append("")
    for (index, call) in timeline.final.calls.enumerated() {
      lines.append("call \(index + 1): \(call.api.name(in: timeline.kernel))" + (call.start.map { " at \(MigratePFN.hex($0))" } ?? "")
        + (call.setupResult.map { "  setup → \($0)" } ?? "") + (call.migrateVMACpages.map { "  cpages \($0)" } ?? ""))
      var hidden = 0
      for slot in call.src.indices {
        guard call.src.count <= 16 || call.src[slot] != 0 || call.dst[slot] != 0 else {
          hidden += 1
          continue
        }
        lines.append("  slot \(String(slot).padding(4))  src \(MigratePFN.hex(call.src[slot]).padding(9)) "
          + "\(MigratePFN.letters(call.src[slot]))   dst \(MigratePFN.hex(call.dst[slot]).padding(9)) "
          + MigratePFN.letters(call.dst[slot]))
      }
      if hidden == call.src.count {
        lines.append("  (all \(hidden) slots: src and dst 0)")
      } else if hidden > 0 {
        lines.append("  (\(hidden) more slot\(hidden == 1 ? "" : "s") with src and dst 0 not shown)")
      }
    }
    let verdict = timeline.violations.isEmpty ? "all held" : "\(timeline.violations.count) VIOLATED"
    lines.append("invariants: \(timeline.invariantChecks) checks, \(verdict)")
    lines.append(contentsOf: timeline.violations.map { "  \($0)" })
    if let expectation = timeline.scenario.expectations[timeline.kernel] {
      let mismatches = ExpectationCheck.mismatches(expectation, in: timeline)
      lines.append("expect (\(timeline.kernel.rawValue)): " + (mismatches.isEmpty ? "the run ends as the scenario's "
        + "expect block says" : "\(mismatches.count) difference\(mismatches.count == 1 ? "" : "s") from the scenario's "
        + "expect block (update or delete it if the change was on purpose)"))
      lines.append(contentsOf: mismatches.map { "  \($0)" })
    } else {
      lines.append("expect (\(timeline.kernel.rawValue)): the file has no block for this kernel, so only the invariants "
        + "were checked")
    }
    if let lost = lostNarration(timeline) { lines.append(lost) }
    return lines.joined(separator: "\n")
  }

  /// Step narration keyed past the run's last step never shows: say so under the scenario's own
  /// kernel, the one step texts are written for.
  static func lostNarration(_ timeline: Timeline) -> String? {
    guard timeline.kernel == timeline.scenario.kernel else { return nil }
    let lost = timeline.scenario.narration.steps.keys.filter { $0 >= timeline.count }.sorted()
    guard !lost.isEmpty else { return nil }
    return "narration: step\(lost.count == 1 ? "" : "s") \(lost.map(String.init).joined(separator: ", ")) never "
      + "show\(lost.count == 1 ? "s" : ""): the run ends at step \(timeline.count - 1)"
  }

  /// What `--check` fails on: broken invariants and differences from the expect block, counted,
  /// and narration that never shows; nil when there is none.
  static func checkFailure(_ timeline: Timeline) -> String? {
    let mismatches = timeline.scenario.expectations[timeline.kernel].map {
      ExpectationCheck.mismatches($0, in: timeline).count } ?? 0
    let parts = [(timeline.violations.count, "invariant violation"), (mismatches, "difference")]
      .filter { $0.0 > 0 }.map { "\($0.0) \($0.1)\($0.0 == 1 ? "" : "s")" }
    let found = parts.isEmpty ? nil : parts.joined(separator: " and ") + (mismatches > 0 ? " from the expect block" : "")
    let all = [found, lostNarration(timeline)].compactMap { $0 }
    return all.isEmpty ? nil : all.joined(separator: "; ")
  }

  /// Greedy word wrap; a word longer than the width gets a line of its own.
  static func wrap(_ text: String, width: Int) -> [String] {
    var lines: [String] = []
    var line = ""
    for word in text.split(separator: " ") {
      if !line.isEmpty && line.count + 1 + word.count > width {
        lines.append(line)
        line = ""
      }
      line += (line.isEmpty ? "" : " ") + word
    }
    if !line.isEmpty { lines.append(line) }
    return lines
  }
}

extension String {
  /// Left-aligned in a field of `width` characters.
  func padding(_ width: Int) -> String { count >= width ? self : self + String(repeating: " ", count: width - count) }
}

extension String {
  /// Right-aligned in a field of `width` characters.
  func leftPad(_ width: Int) -> String { count >= width ? self : String(repeating: " ", count: width - count) + self }
}
