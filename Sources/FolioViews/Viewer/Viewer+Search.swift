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
      if let target = stepMentioning(text) {
        go(to: target)
      } else {
        notice = "No later step mentions \u{201C}\(text)\u{201D}."
      }
    case .escape: pendingSearch = nil
    default: break
    }
    return .continue
  }

  /// The first step after the current one whose function or text contains `text`, ignoring case.
  private func stepMentioning(_ text: String) -> Int? {
    stride(from: index + 1, to: timeline.count, by: 1).first { candidate in
      let step = timeline[candidate]
      return step.function.range(of: text, options: .caseInsensitive) != nil
        || step.text.range(of: text, options: .caseInsensitive) != nil
    }
  }
}
