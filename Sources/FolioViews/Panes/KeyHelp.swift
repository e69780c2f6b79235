import TerminalCanvas

/// Every key the viewer knows, for the help overlay, and the main ones for the footer.
enum KeyHelp {
  static let all: [(String, String)] = [
    ("→ l  ← h", "next / previous step"), ("PgDn n", "next phase"),
    ("PgUp N b", "previous phase"),
    ("Home End", "first / last step"), ("g 12 Enter", "jump to step 12, -1 the last (Esc cancels)"),
    ("/ text Enter", "next step mentioning text (↑: previous)"),
    // One row for the playing keys, so the clicker's three rows still fit an 80×24 screen.
    ("Space  + -", "play / pause, faster / slower"), ("Tab S-Tab", "focus next / previous pane"),
    ("↑ ↓  Esc", "move the cursor / let it follow the step"),
    ("Enter", "inspect: follow the entry to its page"),
    ("[ ]", "previous / next step about the selected item"), ("click", "inspect what is clicked (--mouse)"),
    ("e", "the whole explanation and inspector"), ("v", "per-pfn / per-folio arrays"), ("c", "code pane on / off"),
    ("k", "other kernel version, same step if it has it"),
    ("f F", "next / previous failed step (✗ on the bar)"),
    ("s", "pick another scenario"), ("? Ctrl-L", "this help / redraw"), ("q Ctrl-C", "quit"),
  ]

  /// The keys as they work in this mode: a clicker's PgDn/PgUp/`b` while pausing at phases, and
  /// the projector layout's caption scrolling in place of the pane keys it has no use for.
  static func keys(presenting: Bool, pauseAtPhases: Bool) -> [(String, String)] {
    var keys = all
    if pauseAtPhases {
      keys = keys.filter { !$0.0.hasPrefix("PgDn") && !$0.0.hasPrefix("PgUp") }
      keys.insert(
        contentsOf: [
          ("PgDn", "resume; while playing, skip to next phase"),
          ("PgUp b", "back to the start of the phase"),
          // n and N still jump a phase; only the clicker's keys changed meaning.
          ("n N", "next / previous phase"),
        ], at: 2)
    }
    if presenting {
      let paneKeys: Set<String> = ["Tab S-Tab", "↑ ↓  Esc", "Enter", "[ ]", "click", "e", "c"]
      keys = keys.filter { !paneKeys.contains($0.0) }
      keys.insert(("↑ ↓", "scroll the caption"), at: keys.count - 4)
      keys.insert(("[ ]", "previous / next step about this step's slot"), at: keys.count - 4)
    }
    return keys
  }

  static let footer: [(String, String)] = [
    ("←→", "step"), ("n/N", "phase"), ("Space", "play"), ("Tab", "pane"), ("v", "folio"),
    ("k", "kernel"),
    ("?", "help"), ("q", "quit"),
  ]
}

/// The bottom line: the main keys (fitting 80 columns), or the `g` or `/` prompt while typing.
public struct FooterPane: Widget {
  /// The digits typed after `g`, or nil when not jumping.
  public var pendingJump: String?
  /// The text typed after `/`, or nil when not searching.
  public var search: String?
  /// The user holds a cursor (see `Viewer.cursorHeld`): the footer says how to let it go.
  public var cursorHeld: Bool

  public init(pendingJump: String?, search: String? = nil, cursorHeld: Bool = false) {
    self.pendingJump = pendingJump
    self.search = search
    self.cursorHeld = cursorHeld
  }

  public func render(in area: Rect, on buffer: inout Buffer) {
    guard !area.isEmpty else { return }
    let prompt = pendingJump.map { ("go to step: \($0)", "  Enter jump · Esc cancel") }
      ?? search.map { ("find: \($0)", "  Enter next step · ↑ previous · Esc cancel") }
    if let (typed, hint) = prompt {
      let end = buffer.put(typed, x: area.x, y: area.y, style: Style(.key, bold: true), limit: area.width)
      buffer.put(hint, x: end, y: area.y, style: Style(.muted), limit: area.maxX - end)
      buffer.cursor = Point(x: min(end, area.maxX - 1), y: area.y)
      return
    }
    var x = area.x
    // The way back to following the step goes first, when the row has room for it too.
    let width = { (keys: [(String, String)]) in keys.reduce(0) { $0 + $1.0.count + $1.1.count + 3 } }
    let held = [("Esc", "follow step")]
    let keys = cursorHeld && width(held + KeyHelp.footer) <= area.width + 2 ? held + KeyHelp.footer : KeyHelp.footer
    for (key, meaning) in keys where x < area.maxX {
      x = buffer.put(key, x: x, y: area.y, style: Style(.key, bold: true), limit: area.maxX - x)
      x = buffer.put(" \(meaning)  ", x: x, y: area.y, style: Style(.muted), limit: area.maxX - x)
    }
  }
}

/// The `?` overlay: every key and what it does, in a box over the middle of the screen.
public struct HelpOverlay: Widget {
  public var theme: Theme
  /// The keys and what they do, in order.
  var keys: [(String, String)]

  public init(theme: Theme, presenting: Bool = false, pauseAtPhases: Bool = false) {
    self.theme = theme
    keys = KeyHelp.keys(presenting: presenting, pauseAtPhases: pauseAtPhases)
  }

  public func render(in area: Rect, on buffer: inout Buffer) {
    let keyWidth = keys.map(\.0.count).max() ?? 0
    let width = min(area.width, keyWidth + 2 + (keys.map(\.1.count).max() ?? 0) + 4)
    let height = min(area.height, keys.count + 4)
    let box = Rect(
      x: area.x + (area.width - width) / 2, y: area.y + (area.height - height) / 2, width: width,
      height: height)
    buffer.fill(box)
    let inner = buffer.drawBox(
      box, title: "Keys", glyphs: theme.box, style: Style(.border),
      titleStyle: Style(.heading, bold: true))
    guard !inner.isEmpty else { return }
    for (row, (key, meaning)) in keys.prefix(inner.height - 1).enumerated() {
      let y = inner.y + row
      buffer.put(
        key.padding(keyWidth + 2), x: inner.x + 1, y: y, style: Style(.key, bold: true),
        limit: inner.width - 1)
      buffer.put(
        meaning, x: inner.x + 3 + keyWidth, y: y, limit: max(0, inner.maxX - inner.x - 3 - keyWidth)
      )
    }
    buffer.put(
      "?, Esc or q closes", x: inner.x + 1, y: inner.maxY - 1, style: Style(.muted),
      limit: inner.width - 1)
  }
}

/// The screen shown when the terminal is smaller than 80×24: what is needed and what there is.
public struct TooSmallScreen: Widget {
  public var size: Size

  public init(size: Size) { self.size = size }

  public static let minimum = Size(width: 80, height: 24)

  public func render(in area: Rect, on buffer: inout Buffer) {
    let lines = [
      "folioscope needs at least \(Self.minimum.width)×\(Self.minimum.height),",
      "have \(size.width)×\(size.height).", "Enlarge the window, or press q to quit.",
    ]
    let top = area.y + max(0, (area.height - lines.count) / 2)
    for (row, line) in lines.enumerated() {
      let x = area.x + max(0, (area.width - line.count) / 2)
      buffer.put(
        line, x: x, y: top + row, style: Style(row == 2 ? .muted : .heading, bold: row < 2),
        limit: area.maxX - x)
    }
  }
}
