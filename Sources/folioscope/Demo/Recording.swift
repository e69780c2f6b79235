import FolioModel
import FolioViews
import TerminalCanvas

/// An asciicast v2 recording of a demo, made from the model rather than by capturing a
/// terminal: one frame per step at `stepSeconds` intervals (only the changed cells are written;
/// a projector caption too long for its box scrolls a box at a time within the step),
/// the first step of every phase run held `phaseSeconds` longer and marked as a chapter. Same
/// viewer, same bytes. With `steps` (a filter's), only those steps, and a chapter at the first
/// of them in each phase run.
enum Recording {
  static func cast(of start: Viewer, stepSeconds: Double, phaseSeconds: Double, steps: [Int]? = nil) -> String {
    var viewer = start
    viewer.recorded = true
    let timeline = viewer.timeline
    let scenario = timeline.scenario
    var writer = AsciicastWriter(
      size: viewer.size, title: "folioscope: \(scenario.title(under: timeline.kernel)) (\(scenario.name), kernel \(timeline.kernel.rawValue))",
      palette: viewer.theme.palette)
    let summary = viewer.summary
    let first = viewer.index
    let chosen = steps.map { $0.filter { $0 >= first } } ?? Array(first...viewer.lastIndex)
    // The header says what the player shows: playing at the recording's own speed.
    viewer.set(stepsPerSecond: 1 / stepSeconds)
    viewer.play()
    var seconds = 0.0
    var lastRun: Int?
    for index in chosen {
      viewer.show(step: index)
      let run = summary.run(containing: index)
      let phaseStart = run != lastRun
      lastRun = run
      if phaseStart { writer.addMarker(chapter(timeline[index], of: timeline), at: seconds) }
      if index == chosen.last { _ = viewer.handle(.key(.character(" "))) }
      // A projector caption too long for its box is shown a box at a time within the step.
      let pages = viewer.captionPages
      let pageSeconds = (stepSeconds + (phaseStart ? phaseSeconds : 0)) / Double(pages)
      for page in 0..<pages {
        viewer.showCaption(page: page)
        writer.addFrame(viewer.render(), at: seconds)
        seconds += pageSeconds
      }
    }
    return writer.output
  }

  /// The chapter label: phase and kernel function, and the call when there are several.
  static func chapter(_ step: Step, of timeline: Timeline) -> String {
    "\(step.phase.rawValue) · \(step.function)" + callLabel(step, of: timeline)
  }

  /// " (call 2)" for a step inside one of several calls; empty otherwise.
  static func callLabel(_ step: Step, of timeline: Timeline) -> String {
    guard timeline.scenario.calls.count > 1, ![.start, .done].contains(step.phase), let call = step.call else { return "" }
    return " (call \(call + 1))"
  }
}
