import FolioModel
import TerminalCanvas

/// The step's plain-English text, then any thread asleep on a folio lock (the migration-entry
/// race), then the scenario's narration for this step (or, failing that, for its phase),
/// word-wrapped and never cut mid-word.
public struct ExplanationPane: Widget {
  public var scene: Scene

  public init(scene: Scene) { self.scene = scene }

  public func render(in area: Rect, on buffer: inout Buffer) {
    let inner = buffer.drawPane(area, title: "What happens", theme: scene.theme)
    guard !inner.isEmpty else { return }
    let step = scene.step
    var paragraphs: [(String, Style)] = [(step.text, .plain)]
    for waiter in scene.machine.waiters {
      paragraphs.append((
        "\(waiter.thread) (\(waiter.process), \(waiter.write ? "write" : "read") of "
          + "\(MigratePFN.hex(waiter.address))) sleeps on PG_locked of \(MigratePFN.hex(waiter.folio)).",
        Style(.locked, bold: true)))
    }
    if let note = step.narration(in: scene.timeline.scenario) {
      paragraphs.append((note, Style(.muted)))
    }
    var y = inner.y
    for (number, (text, style)) in paragraphs.enumerated() {
      if number > 0 { y += 1 }
      for line in WordWrap.lines(text, width: inner.width) where y < inner.maxY {
        buffer.put(line, x: inner.x, y: y, style: style, limit: inner.width)
        y += 1
      }
    }
  }
}
