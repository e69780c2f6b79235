import FolioModel
import FolioViews
import TerminalCanvas

/// A printable handout of a demo: a title, a table of contents by phase, then each chosen step
/// as its plain-text frame, the explanation and the scenario's narration, in order. Markdown
/// (anchored headings, fenced frames) or plain text (underlined headings, wrapped paragraphs).
struct Handout {
  enum Format: String, CaseIterable {
    case markdown, text
  }

  var format: Format
  /// Only the last step of each phase run (the state the phase leaves, with everything it
  /// changed marked), and every failed step, instead of every step.
  var phasesOnly: Bool
  /// How the handout was made, quoted under the title.
  var command: String
  /// The steps a filter chose (`trace`'s `--pfn`, `--slot`, `--phase`) and how it reads, if any.
  var filtered: (steps: [Int], about: String)? = nil

  func render(_ start: Viewer) -> String {
    var viewer = start
    viewer.printed = true
    let timeline = viewer.timeline
    let starts = timeline.phaseStarts.filter { $0 >= start.index }
    let runs = starts.indices.map { starts[$0]..<(($0 + 1 < starts.count ? starts[$0 + 1] : timeline.count)) }
    var chosen = filtered.map { $0.steps.filter { $0 >= start.index } } ?? Array(start.index...start.lastIndex)
    // With --phases, every failed step too (a refusal is the point of its phase), one frame for
    // a run of steps that fail alike (512 unused destinations of a refused THP split).
    var withFailures = false
    var failureRuns: [Int: ClosedRange<Int>] = [:]
    if phasesOnly {
      failureRuns = Self.alikeRuns(of: viewer.summary.failedSteps.filter(Set(chosen).contains), in: timeline)
      withFailures = !failureRuns.isEmpty
      chosen = Set(runs.compactMap { run in chosen.last { run.contains($0) } }).union(failureRuns.keys).sorted()
    }
    var out = title(timeline, start: start, count: chosen.count, withFailures: withFailures)
    out += heading("Contents", level: 2)
    var number = 0
    for run in runs {
      let inRun = chosen.filter { run.contains($0) }
      guard let first = inRun.first else { continue }
      number += 1
      let step = timeline[run.lowerBound]
      let span = filtered != nil ? (inRun.count == 1 ? "step \(first)" : "\(inRun.count) steps from \(first)")
        : run.count == 1 ? "step \(first)" : "steps \(run.lowerBound)–\(run.upperBound - 1)"
      let name = "\(step.phase.rawValue) · \(step.function)" + Recording.callLabel(step, of: timeline)
      out += format == .markdown ? "\(number). [\(name)](#step-\(first)) — \(span)\n" : "  \(name) — \(span)\n"
    }
    out += "\n"
    for index in chosen {
      viewer.show(step: index)
      // A phase's frame marks all the phase changed; a failed step's, what that step did.
      let run = runs.first { $0.contains(index) }
      let phaseEnd = phasesOnly && run.map { $0.upperBound - 1 == index && $0.count > 1 } == true
      viewer.changesMarkedFrom = phaseEnd ? run?.lowerBound : nil
      out += section(viewer, phase: phaseEnd ? run : nil, alike: failureRuns[index].flatMap { $0.count > 1 ? $0 : nil })
    }
    return out
  }

  /// `steps` (ascending) in runs of consecutive steps at the same line of the same function,
  /// keyed by each run's first step.
  static func alikeRuns(of steps: [Int], in timeline: Timeline) -> [Int: ClosedRange<Int>] {
    var runs: [Int: ClosedRange<Int>] = [:]
    var current: (first: Int, last: Int, site: String)?
    for index in steps {
      let step = timeline[index]
      let site = step.function + "\u{0}" + step.label
      if let open = current, open.last == index - 1, open.site == site {
        current = (open.first, index, site)
        continue
      }
      if let open = current { runs[open.first] = open.first...open.last }
      current = (index, index, site)
    }
    if let open = current { runs[open.first] = open.first...open.last }
    return runs
  }

  private func title(_ timeline: Timeline, start: Viewer, count: Int, withFailures: Bool) -> String {
    let scenario = timeline.scenario
    var out = heading(scenario.title(under: timeline.kernel), level: 1)
    out += paragraph(scenario.summary) + paragraph(scenario.description)
    let which = (phasesOnly ? "the last step of each phase run, with all the run changed marked"
                 + (withFailures ? ", and every failed step (one for a run that fails alike)" : "")
                 : filtered == nil && start.index == 0 ? "every step" : "the steps")
      + (filtered.map { " " + $0.about } ?? "") + (start.index > 0 ? " from step \(start.index) on" : "")
    out += paragraph(
      "Kernel \(timeline.kernel.rawValue) · \(timeline.count) steps (0–\(timeline.count - 1)) · this handout shows \(which) "
        + "(\(count) frame\(count == 1 ? "" : "s") at \(start.size.width)×\(start.size.height)).")
    return out + (format == .markdown ? "Made with `\(command)`.\n\n" : "Made with: \(command)\n\n")
  }

  /// `phase`: the steps of the phase run whose end the frame shows; `alike`: the failed steps
  /// this one's frame stands for.
  private func section(_ viewer: Viewer, phase: Range<Int>?, alike: ClosedRange<Int>? = nil) -> String {
    let step = viewer.step
    let name = "Step \(step.index) · \(step.phase.rawValue) · \(step.function)" + Recording.callLabel(step, of: viewer.timeline)
    let frame = TextWriter().render(viewer.render())
    var out = format == .markdown ? "<a id=\"step-\(step.index)\"></a>\n\n" : ""
    out += heading(name, level: 2)
    out += format == .markdown ? "```text\n\(frame)\n```\n\n" : frame + "\n\n"
    if let phase {
      out += paragraph((format == .markdown ? "**What happens.** " : "What happens. ") + "The frame is the end of steps "
        + "\(phase.lowerBound)–\(phase.upperBound - 1) and marks everything they changed:", width: viewer.size.width)
      out += phaseSteps(phase, of: viewer.timeline, width: viewer.size.width)
    } else {
      out += paragraph((format == .markdown ? "**What happens.** " : "What happens. ") + step.text, width: viewer.size.width)
    }
    if let alike {
      out += paragraph("Steps \(alike.lowerBound + 1)–\(alike.upperBound) fail the same way, each for its own slot; this "
        + "frame stands for them (the full handout, or trace, has each).", width: viewer.size.width)
    }
    if let narration = step.narration(in: viewer.timeline) {
      out += format == .markdown ? "> \(narration)\n\n" : paragraph("Narration. " + narration, width: viewer.size.width)
    }
    return out
  }

  /// The most steps of one phase run a `--phases` handout tells one by one.
  static let stepsTold = 8

  /// Each step of a phase run, one line each, the first `stepsTold` and the last (a phase run
  /// of a huge folio has hundreds).
  private func phaseSteps(_ run: Range<Int>, of timeline: Timeline, width: Int) -> String {
    let told = run.count <= Self.stepsTold ? Array(run) : Array(run.prefix(Self.stepsTold - 1)) + [run.upperBound - 1]
    var out = ""
    for (number, index) in told.enumerated() {
      if number == Self.stepsTold - 1 && run.count > Self.stepsTold {
        out += item("… \(run.count - Self.stepsTold) more steps (the full handout, or trace, has them).", width: width)
      }
      out += item("Step \(index): " + timeline[index].text, width: width)
    }
    return out + "\n"
  }

  /// `text` with its line breaks turned into spaces (Markdown and the wrapper reflow it).
  private static func oneLine(_ text: String) -> String { text.split(separator: "\n").joined(separator: " ") }

  /// A list item: a Markdown bullet, or an indented, wrapped paragraph in plain text.
  private func item(_ text: String, width: Int) -> String {
    let trimmed = Self.oneLine(text)
    guard format == .text else { return "- \(trimmed)\n" }
    return TraceLog.wrap(trimmed, width: width - 4).enumerated().map { ($0 == 0 ? "  - " : "    ") + $1 }.joined(separator: "\n") + "\n"
  }

  private func heading(_ text: String, level: Int) -> String {
    switch format {
    case .markdown: return String(repeating: "#", count: level) + " " + text + "\n\n"
    case .text: return text + "\n" + String(repeating: level == 1 ? "=" : "-", count: text.count) + "\n\n"
    }
  }

  /// A paragraph: one line in Markdown (the renderer wraps it), word-wrapped in plain text.
  private func paragraph(_ text: String, width: Int = 100) -> String {
    guard !text.isEmpty else { return "" }
    let trimmed = Self.oneLine(text)
    return (format == .markdown ? trimmed : TraceLog.wrap(trimmed, width: width).joined(separator: "\n")) + "\n\n"
  }
}
