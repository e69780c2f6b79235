/// A key, independent of the terminal library that read it.
public enum Key: Hashable, Sendable {
  case character(Character)
  /// Ctrl plus a letter, e.g. `.control("c")` for Ctrl-C.
  case control(Character)
  case left, right, up, down
  case pageUp, pageDown, home, end
  case enter, tab, backTab, escape, backspace
  case function(Int)
}

/// Something that happened at the terminal; time arrives as `.tick`, so viewers stay deterministic.
public enum InputEvent: Hashable, Sendable {
  case key(Key)
  case resize(Size)
  case mouse(Point)
  case tick
}
