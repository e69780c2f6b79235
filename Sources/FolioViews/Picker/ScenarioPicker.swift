import TerminalCanvas

/// What the run loop should do after a key in the scenario picker.
public enum PickerAction: Sendable, Hashable {
  case `continue`
  case cancel
  /// Open this entry (a built-in name or a file path).
  case choose(String)
}

/// The `s` overlay: a list of built-in scenarios and the `*.yaml` files of the current folder,
/// moved through with ↑/↓ (or j/k) and opened with Enter. Pure: the run loop supplies the list.
public struct ScenarioPicker {
  /// One line of the list: what to open, and a short description.
  public struct Entry: Sendable, Hashable {
    public var name: String
    public var summary: String
    public init(name: String, summary: String) {
      self.name = name
      self.summary = summary
    }
  }

  public let entries: [Entry]
  public private(set) var selection: Int

  public init(entries: [Entry], current: String) {
    self.entries = entries
    selection = entries.firstIndex { $0.name == current } ?? 0
  }

  public mutating func handle(_ key: Key) -> PickerAction {
    switch key {
    case .up, .character("k"): selection = max(0, selection - 1)
    case .down, .character("j"): selection = min(entries.count - 1, selection + 1)
    case .pageUp: selection = max(0, selection - 10)
    case .pageDown: selection = min(entries.count - 1, selection + 10)
    case .home: selection = 0
    case .end: selection = max(0, entries.count - 1)
    case .enter: return entries.indices.contains(selection) ? .choose(entries[selection].name) : .cancel
    case .escape, .character("q"), .character("s"), .control("c"): return .cancel
    default: break
    }
    return .continue
  }

  /// Draws the list as a box over `buffer`, keeping the selection in view.
  public func render(on buffer: inout Buffer, theme: Theme) {
    let area = buffer.area
    let width = min(area.width - 4, 96)
    let height = min(area.height - 2, entries.count + 4)
    guard width > 10, height > 4 else { return }
    let box = Rect(x: (area.width - width) / 2, y: (area.height - height) / 2, width: width, height: height)
    // The screen around the box is cleared: a pane's ▶ beside a row read as the selection.
    buffer.fill(area)
    let inside = buffer.drawBox(box, title: "Open a scenario (↑↓ Enter, Esc cancels)", glyphs: theme.box,
                                style: Style(.border), titleStyle: Style(.heading, bold: true))
    let visible = max(1, inside.height)
    let first = min(max(0, selection - visible / 2), max(0, entries.count - visible))
    let nameWidth = min(28, entries.map(\.name.count).max() ?? 0)
    for row in 0..<min(visible, entries.count - first) {
      let entry = entries[first + row]
      let selected = first + row == selection
      let style = selected ? Style(.current, reverse: true) : Style.plain
      var text = " " + entry.name + String(repeating: " ", count: max(0, nameWidth - entry.name.count)) + "  " + entry.summary
      // A summary cut at the edge says so.
      if text.count > inside.width && inside.width > 1 { text = String(text.prefix(inside.width - 1)) + "…" }
      buffer.fill(Rect(x: inside.x, y: inside.y + row, width: inside.width, height: 1), with: Cell(" ", style: style))
      buffer.put(text, x: inside.x, y: inside.y + row, style: style, limit: inside.width)
      if selected { buffer.cursor = Point(x: inside.x, y: inside.y + row) }
    }
    if theme.isASCII { buffer.foldToASCII() }
  }
}
