import TerminalCanvas

extension Viewer {
  /// Typing after `g`: characters extend the text, Enter goes to that step (a negative number
  /// counts from the end, -1 the last, as `--step` does), Esc cancels, `q` quits. Whatever is
  /// not a step of this run is refused with a notice, never silently changed into one.
  mutating func handleJump(_ key: Key) -> ViewerAction {
    switch key {
    case .character("q"): return .quit
    case .character(let c): pendingJump = (pendingJump ?? "") + String(c)
    case .backspace: pendingJump = String((pendingJump ?? "").dropLast())
    case .enter:
      let text = pendingJump ?? ""
      pendingJump = nil
      jump(to: text)
    case .escape: pendingJump = nil
    default: break
    }
    return .continue
  }

  private mutating func jump(to text: String) {
    guard !text.isEmpty else { return }
    let count = timeline.count
    guard let number = Int(text) else {
      notice = "\u{201C}\(text)\u{201D} is not a step: g wants a number, 0…\(count - 1), or -1 for the last."
      return
    }
    if number < -count {
      go(to: 0)
      notice = "No step \(number): counting from the end, the first is -\(count)."
    } else if number > lastIndex {
      go(to: lastIndex)
      notice = "No step \(number): the last is \(lastIndex)."
    } else {
      go(to: number < 0 ? count + number : number)
    }
  }
}
