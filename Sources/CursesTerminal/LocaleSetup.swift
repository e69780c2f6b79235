import Glibc

/// Runs the locale setup ncursesw needs, once, before the first newterm.
enum LocaleSetup {
  /// Whether the user's own locale is UTF-8. Computing it also switches LC_CTYPE to C.UTF-8
  /// when it is not, since ncursesw mangles box drawing and non-ASCII text without a UTF-8 locale.
  static let userLocaleIsUTF8: Bool = {
    setlocale(LC_ALL, "")
    let isUTF8 = codesetIsUTF8()
    if !isUTF8 { setlocale(LC_CTYPE, "C.UTF-8") }
    return isUTF8
  }()

  private static func codesetIsUTF8() -> Bool {
    guard let codeset = nl_langinfo(nl_item(CODESET)) else { return false }
    let name = String(cString: codeset).uppercased()
    return name == "UTF-8" || name == "UTF8"
  }
}
