import FolioModel
import TerminalCanvas

extension Viewer {
  /// Typing after `/`: printable characters extend the text, Enter (or ↓) finds the next step
  /// whose function or explanation mentions it and ↑ the previous one (an empty text repeats the
  /// last search), Esc cancels.
  mutating func handleSearch(_ key: Key) -> ViewerAction {
    switch key {
    case .character(let c): pendingSearch = (pendingSearch ?? "") + String(c)
    case .backspace: pendingSearch = String((pendingSearch ?? "").dropLast())
    case .enter, .down: find(forward: true)
    case .up: find(forward: false)
    case .escape: pendingSearch = nil
    default: break
    }
    return .continue
  }

  private mutating func find(forward: Bool) {
    let text = pendingSearch.flatMap { $0.isEmpty ? nil : $0 } ?? lastSearch
    pendingSearch = nil
    guard !text.isEmpty else { return }
    lastSearch = text
    if let target = stepMentioning(text, from: index, forward: forward) {
      go(to: target)
    } else if let target = stepMentioning(text, from: forward ? -1 : timeline.count, forward: forward),
              forward ? target <= index : target >= index {
      // Like less and vim: past the last match, start again from the other end, and say so.
      go(to: target)
      notice = "Search wrapped to the \(forward ? "start" : "end"): step \(target) mentions \u{201C}\(text)\u{201D}."
    } else {
      notice = "No step mentions \u{201C}\(text)\u{201D}."
    }
  }

  /// The first step after `start` (before it, going back) whose function or text contains
  /// `text`, ignoring case.
  private func stepMentioning(_ text: String, from start: Int, forward: Bool) -> Int? {
    stride(from: start + (forward ? 1 : -1), to: forward ? timeline.count : -1, by: forward ? 1 : -1).first { candidate in
      let step = timeline[candidate]
      return step.function.range(of: text, options: .caseInsensitive) != nil
        || step.text.range(of: text, options: .caseInsensitive) != nil
    }
  }
}
