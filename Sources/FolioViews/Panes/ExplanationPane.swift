import FolioModel
import TerminalCanvas

/// The step's plain-English text, then any thread asleep on a folio lock (the migration-entry
/// race, or a `folio_lock()`), then the scenario's narration for this step (or, failing that,
/// for its phase), word-wrapped. What does not fit ends in a line saying so; `e` shows it all
/// (`ExplanationOverlay`).
public struct ExplanationPane: Widget {
  public var scene: Scene
  /// What the last line says can show the rest: the `e` key, or the text printed below.
  public var moreHint: String?

  public init(scene: Scene, moreHint: String? = "press e") {
    self.scene = scene
    self.moreHint = moreHint
  }

  /// The paragraphs to show, with their styles.
  static func paragraphs(of scene: Scene) -> [(String, Style)] {
    var paragraphs: [(String, Style)] = [(scene.step.text, .plain)]
    for waiter in scene.machine.waiters {
      let who = waiter.takesLock ? "The other thread"
        : "\(waiter.thread) (\(waiter.process), \(waiter.write ? "write" : "read") of \(MigratePFN.hex(waiter.address)))"
      let folio = MigratePFN.hex(waiter.folio)
      let how = waiter.site.refaults ? "refaults again and again (\(waiter.site.function)) until \(folio) is unlocked"
        : "sleeps on PG_locked of \(folio) (in \(waiter.site.function)())"
      paragraphs.append(("\(who) \(how).", Style(.locked, bold: true)))
    }
    if let note = scene.step.narration(in: scene.timeline) {
      paragraphs.append((note, Style(.muted)))
    }
    return paragraphs
  }

  /// The paragraphs as wrapped lines, a blank line between paragraphs.
  static func lines(of scene: Scene, width: Int) -> [(String, Style)] {
    var lines: [(String, Style)] = []
    for (number, (text, style)) in paragraphs(of: scene).enumerated() {
      if number > 0 { lines.append(("", .plain)) }
      lines += WordWrap.lines(text, width: width).map { ($0, style) }
    }
    return lines
  }

  public func render(in area: Rect, on buffer: inout Buffer) {
    let inner = buffer.drawPane(area, title: "What happens", theme: scene.theme)
    guard !inner.isEmpty else { return }
    let lines = ClippedLines.fit(Self.lines(of: scene, width: inner.width), height: inner.height, hint: moreHint)
    for (row, (line, style)) in lines.enumerated() {
      buffer.put(line, x: inner.x, y: inner.y + row, style: style, limit: inner.width)
    }
  }
}

/// The whole of the step's explanation in a box over the screen (`e`), for when the pane is
/// too small to hold it, followed by everything the inspector says of the item under the
/// cursor (its pane is small on a small screen too).
public struct ExplanationOverlay: Widget {
  public var scene: Scene
  /// The inspector's lines for the item under the cursor; none, no section.
  public var inspector: [String]
  /// What the last `/` search looked for, marked where it appears; "" marks nothing.
  public var found: String

  public init(scene: Scene, inspector: [String] = [], found: String = "") {
    self.scene = scene
    self.inspector = inspector
    self.found = found
  }

  public func render(in area: Rect, on buffer: inout Buffer) {
    let width = min(area.width - 4, 100)
    var lines = ExplanationPane.lines(of: scene, width: max(1, width - 4))
    if !inspector.isEmpty {
      lines += [("", .plain), ("Inspector", Style(.heading, bold: true))]
      lines += inspector.flatMap { WordWrap.lines($0, width: max(1, width - 4)).map { ($0, Style(.plain)) } }
    }
    let height = min(area.height - 2, lines.count + 4)
    let box = Rect(x: area.x + (area.width - width) / 2, y: area.y + (area.height - height) / 2, width: width,
                   height: height)
    buffer.fill(box)
    let inner = buffer.drawBox(box, title: "What happens · step \(scene.step.index)", glyphs: scene.theme.box,
                               style: Style(.border), titleStyle: Style(.heading, bold: true))
    guard inner.height > 1 else { return }
    for (row, (line, style)) in lines.prefix(inner.height - 1).enumerated() {
      buffer.put(line, x: inner.x + 1, y: inner.y + row, style: style, limit: inner.width - 1)
    }
    buffer.markMatches(of: found, in: Rect(x: inner.x + 1, y: inner.y, width: inner.width - 1, height: inner.height - 1))
    buffer.put("e, Esc or q closes", x: inner.x + 1, y: inner.maxY - 1, style: Style(.muted), limit: inner.width - 1)
  }
}
