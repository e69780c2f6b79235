import FolioModel
import FolioScenario
import FolioViews
import Foundation

/// `--notes FILE`: appends the narration of every step the demo reaches to a file or a FIFO,
/// for a second screen (`tail -f FILE`, or `cat FIFO`). A FIFO with no reader yet, or a reader
/// that went away, costs nothing: the note is dropped and the file is opened again next time.
final class SpeakerNotes {
  private let path: String
  private var descriptor: Int32 = -1
  /// The last (kernel, step) written, so a redraw or a cursor move writes nothing.
  private var last: (KernelVersion, Int)?
  /// Whether the demo was playing when the last note was written (the last tick of a run
  /// stops the playing and moves on in the same breath).
  private var wasPlaying = false

  /// Opens `path` for appending; throws the reason when it can never be written (a FIFO with
  /// no reader yet is fine).
  init(path: String) throws(SpeakerNotesError) {
    self.path = path
    // A reader closing the FIFO must not kill the demo; write() reports EPIPE instead.
    signal(SIGPIPE, SIG_IGN)
    descriptor = open(path, O_WRONLY | O_APPEND | O_CREAT | O_NONBLOCK, 0o644)
    if descriptor < 0 && errno != ENXIO { throw SpeakerNotesError(reason: String(cString: strerror(errno))) }
  }

  deinit { if descriptor >= 0 { close(descriptor) } }

  /// Appends the note for the viewer's step unless it was the last one written. Playing faster
  /// than the screen is drawn passes several steps at once: their notes are written too, in
  /// order (a jump, by contrast, skips what it jumps over).
  func note(_ viewer: Viewer) {
    let key = (viewer.timeline.kernel, viewer.index)
    if let last, last == key { return }
    // A new session or the other kernel: say which run the notes below belong to.
    if last?.0 != key.0 {
      let scenario = viewer.timeline.scenario
      write("══ \(scenario.name): \(scenario.title(under: key.0)) · kernel \(key.0.rawValue) ══\n\n")
    }
    var first = viewer.index
    if viewer.playing || wasPlaying, let last, last.0 == key.0, (1...64).contains(viewer.index - last.1) {
      first = last.1 + 1
    }
    last = key
    wasPlaying = viewer.playing
    for index in first...viewer.index { write(Self.text(for: viewer.timeline[index], in: viewer.timeline)) }
  }

  /// One note: a rule naming the step, the scenario's narration (if any), the explanation, and
  /// what comes next (the lecturer sees it before the audience does).
  static func text(for step: Step, in timeline: Timeline) -> String {
    var lines = ["── step \(step.index) / \(timeline.count - 1) · \(step.phase.rawValue) · \(step.function) ──"]
    if let narration = step.narration(in: timeline) { lines.append(narration) }
    lines.append(step.text)
    if step.index + 1 < timeline.count {
      let next = timeline[step.index + 1]
      lines.append("next: \(next.phase.rawValue) · \(next.function)" + (next.slot.map { " · slot \($0)" } ?? ""))
    }
    return lines.joined(separator: "\n") + "\n\n"
  }

  private func write(_ text: String) {
    if descriptor < 0 {
      // Non-blocking, so opening a FIFO nobody reads yet fails at once instead of hanging the UI.
      descriptor = open(path, O_WRONLY | O_APPEND | O_CREAT | O_NONBLOCK, 0o644)
      guard descriptor >= 0 else { return }
    }
    let bytes = Array(text.utf8)
    let written = bytes.withUnsafeBytes { Foundation.write(descriptor, $0.baseAddress, $0.count) }
    if written < 0 && errno != EAGAIN {
      close(descriptor)
      descriptor = -1
    }
  }
}

/// Why the `--notes` file cannot be opened.
struct SpeakerNotesError: Error {
  var reason: String
}
