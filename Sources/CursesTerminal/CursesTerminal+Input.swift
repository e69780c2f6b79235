import CNcursesw
import TerminalCanvas

extension CursesTerminal {
  /// Waits up to `timeoutMilliseconds` (forever when nil) for the next key, click or resize.
  /// Keys that mean nothing to `Key` (Insert, Delete, …) are skipped within the same deadline.
  public func nextEvent(timeoutMilliseconds: Int?) -> InputEvent? {
    guard isOpen else { return nil }
    let clock = ContinuousClock()
    let deadline = timeoutMilliseconds.map { clock.now + .milliseconds($0) }
    while true {
      wtimeout(window, deadline.map { Self.milliseconds(until: $0, on: clock) } ?? -1)
      var code: wint_t = 0
      switch wget_wch(window, &code) {
      case KEY_CODE_YES:
        if let event = event(forKeyCode: Int32(bitPattern: code)) { return event }
      case OK:
        if let key = Self.key(forCharacter: code) { return .key(key) }
      default:
        return nil  // Timed out.
      }
    }
  }

  private static func milliseconds(
    until deadline: ContinuousClock.Instant, on clock: ContinuousClock
  ) -> Int32 {
    let left = (deadline - clock.now).components
    let milliseconds = left.seconds * 1000 + left.attoseconds / 1_000_000_000_000_000
    return Int32(clamping: max(0, milliseconds))
  }

  /// The event for a special key that ncurses decoded from an escape sequence.
  private func event(forKeyCode code: Int32) -> InputEvent? {
    switch code {
    case KEY_RESIZE: return .resize(size)
    case KEY_MOUSE: return mouseClick()
    case (KEY_F0 + 1)...(KEY_F0 + 63): return .key(.function(Int(code - KEY_F0)))
    default: return Self.specialKeys[code].map { .key($0) }
    }
  }

  private func mouseClick() -> InputEvent? {
    var event = MEVENT()
    guard getmouse(&event) == OK, event.bstate & (cn_button1_pressed | cn_button1_clicked) != 0
    else {
      return nil
    }
    return .mouse(Point(x: Int(event.x), y: Int(event.y)))
  }

  private static let specialKeys: [Int32: Key] = [
    KEY_LEFT: .left, KEY_RIGHT: .right, KEY_UP: .up, KEY_DOWN: .down,
    KEY_PPAGE: .pageUp, KEY_NPAGE: .pageDown, KEY_HOME: .home, KEY_END: .end,
    // Keypad corners, sent by some terminals for Home/End/PgUp/PgDn.
    KEY_A1: .home, KEY_C1: .end, KEY_A3: .pageUp, KEY_C3: .pageDown,
    KEY_ENTER: .enter, KEY_BTAB: .backTab, KEY_BACKSPACE: .backspace,
  ]

  /// The key for a character read in raw mode, where control keys arrive as C0 codes.
  static func key(forCharacter code: wint_t) -> Key? {
    switch code {
    case 0x0A, 0x0D: return .enter  // Return sends CR in raw mode; Ctrl-J is LF.
    case 0x09: return .tab
    case 0x1B: return .escape
    case 0x08, 0x7F: return .backspace  // Terminals send either for Backspace.
    case 0x00..<0x20:
      // Ctrl-A is 0x01 … Ctrl-Z is 0x1A: the letter is the code plus 0x60 ("@", "\" … for others).
      let offset: UInt32 = code <= 0x1A && code > 0 ? 0x60 : 0x40
      return Unicode.Scalar(code + offset).map { .control(Character($0)) }
    default:
      return Unicode.Scalar(code).map { .character(Character($0)) }
    }
  }
}
