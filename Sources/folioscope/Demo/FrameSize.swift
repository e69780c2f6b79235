import ArgumentParser
import TerminalCanvas

/// The `--size WIDTHxHEIGHT` option of the commands that draw frames without a terminal.
enum FrameSize {
  /// Parses "120x40", or prints why not and exits with EX_USAGE.
  static func parse(_ text: String) throws -> Size {
    let parts = text.lowercased().split(separator: "x").compactMap { Int($0) }
    guard parts.count == 2, (1...1000).contains(parts[0]), (1...1000).contains(parts[1]) else {
      printError("folioscope: --size wants WIDTHxHEIGHT, e.g. 120x40 (got '\(text)')")
      throw ExitCode(ExitStatus.usage)
    }
    return Size(width: parts[0], height: parts[1])
  }
}
