import Foundation
import TerminalCanvas
import Testing

/// The in-house snapshot helper: a buffer's text layer, a separator, and its style layer, kept
/// as `Goldens/<name>.txt`. `RECORD_SNAPSHOTS=1 swift test` writes the files into the source
/// tree instead of comparing.
enum Golden {
  static let separator = "~~~~ style layer ~~~~"

  static func render(_ buffer: Buffer) -> String {
    (buffer.textLines() + [separator] + buffer.styleLines()).joined(separator: "\n") + "\n"
  }

  static func expect(
    _ buffer: Buffer, named name: String, sourceLocation: SourceLocation = #_sourceLocation
  ) throws {
    let actual = render(buffer)
    if ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] == "1" {
      let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Goldens")
      try actual.write(
        to: directory.appendingPathComponent("\(name).txt"), atomically: true, encoding: .utf8)
      return
    }
    guard
      let url = Bundle.module.url(forResource: name, withExtension: "txt", subdirectory: "Goldens")
    else {
      Issue.record(
        "No golden \(name).txt; record it with RECORD_SNAPSHOTS=1 swift test",
        sourceLocation: sourceLocation)
      return
    }
    let expected = try String(contentsOf: url, encoding: .utf8)
    if expected != actual {
      let diff = zip(
        expected.split(separator: "\n", omittingEmptySubsequences: false),
        actual.split(separator: "\n", omittingEmptySubsequences: false)
      )
      .enumerated().first { $0.element.0 != $0.element.1 }
      let location =
        diff.map {
          "first difference at line \($0.offset + 1):\n- \($0.element.0)\n+ \($0.element.1)"
        } ?? "lengths differ"
      Issue.record(
        "Golden \(name) differs; \(location)\nWhole screen:\n\(actual)",
        sourceLocation: sourceLocation)
    }
  }
}
