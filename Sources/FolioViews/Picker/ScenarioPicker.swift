import FolioScenario
import TerminalCanvas

/// What the run loop should do after a key in the scenario picker.
public enum PickerAction: Sendable, Hashable {
  case `continue`
  case cancel
  /// Open this entry (a built-in name or a file path).
  case choose(String)
}

/// The `s` overlay: the built-in scenarios under their library groups (as `folioscope list`
/// shows them) and the `*.yaml` files of the current folder, moved through with ↑/↓ and opened
/// with Enter. Typed letters narrow the list to names containing them, Backspace widens it, and
/// Esc clears the filter (or, with none, closes the picker). Pure: the run loop supplies the list.
public struct ScenarioPicker {
  /// One line of the list: what to open, a short description, and the group it is listed under.
  public struct Entry: Sendable, Hashable {
    public var name: String
    public var summary: String
    /// A library group (`Scenario.libraryGroups`), or any other heading; "" lists it as "other".
    public var group: String
    public init(name: String, summary: String, group: String = "") {
      self.name = name
      self.summary = summary
      self.group = group
    }
  }

  /// One row of the list: a group's heading (never selected) or an entry, by its index.
  enum Row: Equatable {
    case heading(String)
    case entry(Int)
  }

  /// The entries grouped in the library's order, each group's in the order given.
  public let entries: [Entry]
  /// The index in `entries` of the selected one.
  public private(set) var selection: Int
  /// What was typed to narrow the list.
  public private(set) var filter = ""

  public init(entries: [Entry], current: String) {
    let groups = Scenario.libraryOrder(entries.map(\.group))
    self.entries = groups.flatMap { group in entries.filter { $0.group == group } }
    selection = self.entries.firstIndex { $0.name == current } ?? 0
  }

  /// The indices of the entries the filter lets through.
  var shown: [Int] {
    guard !filter.isEmpty else { return Array(entries.indices) }
    return entries.indices.filter { entries[$0].name.lowercased().contains(filter.lowercased()) }
  }

  /// The rows to draw: the shown entries, each group's behind its heading when any entry has one.
  var rows: [Row] {
    let headed = entries.contains { !$0.group.isEmpty }
    var rows: [Row] = []
    var group: String?
    for index in shown {
      if headed && entries[index].group != group {
        group = entries[index].group
        rows.append(.heading(entries[index].group.isEmpty ? "other" : entries[index].group))
      }
      rows.append(.entry(index))
    }
    return rows
  }

  public mutating func handle(_ key: Key) -> PickerAction {
    let shown = self.shown
    let at = shown.firstIndex(of: selection) ?? 0
    func move(to position: Int) {
      if !shown.isEmpty { selection = shown[min(max(0, position), shown.count - 1)] }
    }
    switch key {
    case .up: move(to: at - 1)
    case .down: move(to: at + 1)
    case .pageUp: move(to: at - 10)
    case .pageDown: move(to: at + 10)
    case .home: move(to: 0)
    case .end: move(to: shown.count - 1)
    case .enter: return shown.contains(selection) ? .choose(entries[selection].name) : .continue
    case .backspace where !filter.isEmpty: narrow(to: String(filter.dropLast()))
    case .escape where !filter.isEmpty: narrow(to: "")
    case .escape, .control("c"): return .cancel
    case .character(let typed) where !typed.isWhitespace: narrow(to: filter + String(typed))
    default: break
    }
    return .continue
  }

  /// Sets the filter, keeping the selection if it still shows, else taking the first that does.
  private mutating func narrow(to text: String) {
    filter = text
    let shown = self.shown
    if !shown.contains(selection), let first = shown.first { selection = first }
  }
}
