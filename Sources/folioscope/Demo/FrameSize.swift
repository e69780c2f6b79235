import ArgumentParser
import FolioViews
import TerminalCanvas

/// The `--size WIDTHxHEIGHT` option of the commands that draw frames without a terminal.
enum FrameSize {
  /// Parses "120x40", or prints why not and exits with EX_USAGE. Unless `tooSmallAllowed`
  /// (`render`, which shows whatever the UI would), a frame below the UI's minimum would only
  /// hold the "too small" screen, so it is refused too.
  static func parse(_ text: String, tooSmallAllowed: Bool = false) throws -> Size {
    let fields = text.lowercased().split(separator: "x", omittingEmptySubsequences: false)
    let parts = fields.compactMap { Int($0) }
    guard fields.count == 2, parts.count == 2, (1...1000).contains(parts[0]), (1...1000).contains(parts[1]) else {
      printError("folioscope: --size wants WIDTHxHEIGHT, each 1 to 1000, e.g. 120x40 (got '\(text)')")
      throw ExitCode(ExitStatus.usage)
    }
    let minimum = TooSmallScreen.minimum
    guard tooSmallAllowed || (parts[0] >= minimum.width && parts[1] >= minimum.height) else {
      printError("folioscope: --size \(text) is smaller than the \(minimum.width)x\(minimum.height) the frame needs")
      throw ExitCode(ExitStatus.usage)
    }
    return Size(width: parts[0], height: parts[1])
  }
}
