import FolioModel
import TerminalCanvas

extension Viewer {
  /// Typing after `/`: printable characters extend the text, Enter finds the next step whose
  /// function or explanation mentions it (an empty text repeats the last search), Esc cancels.
  mutating func handleSearch(_ key: Key) -> ViewerAction {
    switch key {
    case .character(let c): pendingSearch = (pendingSearch ?? "") + String(c)
    case .backspace: pendingSearch = String((pendingSearch ?? "").dropLast())
    case .enter:
      let text = pendingSearch.flatMap { $0.isEmpty ? nil : $0 } ?? lastSearch
      pendingSearch = nil
      guard !text.isEmpty else { return .continue }
      lastSearch = text
      if let target = stepMentioning(text, after: index) {
        go(to: target)
      } else if let target = stepMentioning(text, after: -1), target <= index {
        // Like less and vim: past the last match, start again from the top, and say so.
        go(to: target)
        notice = "Search wrapped to the start: step \(target) mentions \u{201C}\(text)\u{201D}."
      } else {
        notice = "No step mentions \u{201C}\(text)\u{201D}."
      }
    case .escape: pendingSearch = nil
    default: break
    }
    return .continue
  }

  /// The first step after `start` whose function or text contains `text`, ignoring case.
  private func stepMentioning(_ text: String, after start: Int) -> Int? {
    stride(from: start + 1, to: timeline.count, by: 1).first { candidate in
      let step = timeline[candidate]
      return step.function.range(of: text, options: .caseInsensitive) != nil
        || step.text.range(of: text, options: .caseInsensitive) != nil
    }
  }
}
