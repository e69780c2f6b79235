import CNcursesw
import Glibc
import TerminalCanvas

/// Shows buffers on the controlling terminal and reads its keys, through ncursesw.
/// Only one may be open at a time; it restores the terminal on `close()`, on deinit and (via
/// `TerminalRestore`) on termination and crash signals.
public final class CursesTerminal: TerminalDevice {
  /// Why the terminal could not be opened; the caller should fall back to a headless output.
  public enum Unavailable: Error, CustomStringConvertible {
    /// Standard input or output is a pipe or file, where a full-screen UI cannot work.
    case notATerminal
    /// ncurses cannot drive this terminal type (TERM unset, unknown, or lacking cursor motion).
    case unusableTerminalType(String?)

    public var description: String {
      switch self {
      case .notATerminal: "not a terminal (standard input or output is redirected)"
      case .unusableTerminalType(let name?):
        "the terminal type TERM=\(name) cannot show a full-screen UI"
      case .unusableTerminalType(nil): "TERM is not set, so the terminal cannot be driven"
      }
    }
  }

  /// Whether the user's locale (LANG / LC_*) uses UTF-8; when it does not, draw ASCII boxes.
  /// ncurses itself then still runs under C.UTF-8, so text is never mangled.
  public static var localeIsUTF8: Bool { LocaleSetup.userLocaleIsUTF8 }

  private let screen: OpaquePointer
  let window: UnsafeMutablePointer<WINDOW>
  private var renditions: Renditions
  private var cursorVisible: Bool?
  private(set) var isOpen = true

  /// Takes over the terminal (alternate screen, raw keys) and installs `TerminalRestore`.
  /// - Parameters:
  ///   - palette: the colours of each role; pass `Palette.monochrome` for NO_COLOR or `--theme mono`.
  ///   - enableMouse: report left clicks as `.mouse`; off by default so text can be selected.
  public init(palette: Palette, enableMouse: Bool = false) throws(Unavailable) {
    _ = LocaleSetup.userLocaleIsUTF8  // setlocale must run before newterm.
    guard isatty(STDOUT_FILENO) == 1, isatty(STDIN_FILENO) == 1 else { throw .notATerminal }
    let term = getenv("TERM").map { String(cString: $0) }
    guard let term, !term.isEmpty, let screen = cn_newterm() else {
      throw .unusableTerminalType(term)
    }
    // newterm accepts types such as "dumb" that cannot address the cursor; give those back.
    guard cn_has_cursor_motion() else {
      endwin()
      delscreen(screen)
      throw .unusableTerminalType(term)
    }
    self.screen = screen
    window = cn_stdscr()
    TerminalRestore.install()
    TerminalRestore.cursesActive = true
    raw()  // Ctrl-C arrives as a key instead of killing us mid-screen.
    noecho()
    keypad(window, true)
    set_escdelay(25)  // Esc would otherwise wait a full second for a possible escape sequence.
    renditions = Renditions(palette: palette)
    if enableMouse {
      mousemask(cn_button1_pressed | cn_button1_clicked, nil)
      mouseinterval(0)  // Report the press at once instead of waiting to tell clicks apart.
    }
  }

  deinit { close() }

  /// Gives the terminal back (main screen, cooked mode); later draws and reads do nothing.
  public func close() {
    guard isOpen else { return }
    isOpen = false
    TerminalRestore.cursesActive = false
    endwin()
    delscreen(screen)
  }

  public var size: Size {
    guard isOpen else { return Size(width: 0, height: 0) }
    return Size(width: Int(getmaxx(window)), height: Int(getmaxy(window)))
  }

  /// Copies every cell to ncurses, which sends only what changed since the last refresh.
  public func draw(_ buffer: Buffer) {
    guard isOpen else { return }
    werase(window)  // Clears whatever a smaller buffer (drawn before a resize) does not cover.
    let screenSize = size
    for y in 0..<min(buffer.height, screenSize.height) {
      // The tail of a wide glyph: ncurses filled that column when it drew the glyph.
      for x in 0..<min(buffer.width, screenSize.width) where !buffer[x, y].isWideTail {
        put(buffer[x, y], x: x, y: y)
      }
    }
    if let cursor = buffer.cursor, Rect(size: screenSize).contains(x: cursor.x, y: cursor.y) {
      wmove(window, Int32(cursor.y), Int32(cursor.x))
      showCursor(true)
    } else {
      showCursor(false)
    }
    wrefresh(window)
  }

  public func invalidate() {
    guard isOpen else { return }
    clearok(cn_curscr(), true)
  }

  private func put(_ cell: Cell, x: Int, y: Int) {
    let rendition = renditions.rendition(for: cell.style)
    var pair = rendition.pair
    // A cchar_t holds a spacing character plus a few combining ones, NUL-terminated.
    let text =
      cell.symbol.unicodeScalars.prefix(Int(CCHARW_MAX) - 1).map { wchar_t(bitPattern: $0.value) }
      + [0]
    var glyph = cchar_t()
    setcchar(&glyph, text, rendition.attributes, 0, &pair)  // Pair via opts: no 32767 cap.
    mvwadd_wch(window, Int32(y), Int32(x), &glyph)  // ERR at the bottom-right cell is benign.
  }

  private func showCursor(_ visible: Bool) {
    guard visible != cursorVisible else { return }
    curs_set(visible ? 1 : 0)
    cursorVisible = visible
  }
}
