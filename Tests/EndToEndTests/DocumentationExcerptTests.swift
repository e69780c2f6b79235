import Foundation
import Testing

/// The screens and outputs the README and the demo guide show are what the binary prints
/// today: every line of an excerpt that follows an `<!-- output: ARGUMENTS -->` marker must be
/// a line of `folioscope ARGUMENTS`'s output, in the output's order (an "…" line stands for
/// lines left out, and a "$ " line is the command the reader types).
@Suite struct DocumentationExcerptTests {
  /// One marked code block of a document.
  struct Excerpt: Sendable, CustomTestStringConvertible {
    var file: String
    var line: Int
    var arguments: [String]
    var lines: [String]

    var testDescription: String { "\(file):\(line) folioscope \(arguments.joined(separator: " "))" }
  }

  static let documents = ["README.md", "docs/demos.md"]

  static func excerpts() -> [Excerpt] {
    documents.flatMap { name -> [Excerpt] in
      let url = Folioscope.packageRoot.appendingPathComponent(name)
      guard let text = try? String(contentsOf: url, encoding: .utf8) else { return [] }
      let lines = text.components(separatedBy: "\n")
      var found: [Excerpt] = []
      for (index, line) in lines.enumerated() where line.hasPrefix("<!-- output: ") && line.hasSuffix(" -->") {
        let arguments = line.dropFirst("<!-- output: ".count).dropLast(" -->".count).split(separator: " ").map(String.init)
        guard index + 1 < lines.count, lines[index + 1].hasPrefix("```") else { continue }
        let body = lines[(index + 2)...].prefix { !$0.hasPrefix("```") }
        found.append(Excerpt(file: name, line: index + 1, arguments: arguments, lines: Array(body)))
      }
      return found
    }
  }

  @Test("Every document marks its excerpts") func documentsHaveExcerpts() {
    for name in Self.documents {
      #expect(Self.excerpts().contains { $0.file == name }, "\(name) has no <!-- output: … --> excerpt")
    }
  }

  @Test("The README counts the built-ins there are") func readmeCountsTheBuiltins() throws {
    let readme = try String(contentsOf: Folioscope.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
    #expect(readme.contains("The \(try ListAndTraceTests.builtinNames().count) built-ins live in"))
  }

  @Test("A recording's lines as the documents shorten them start lines it writes")
  func recordingExcerptsStartRealLines() throws {
    let written = try Folioscope.run(["record", "anon-to-device", "-o", "-"]).lines
    for name in Self.documents {
      let text = try String(contentsOf: Folioscope.packageRoot.appendingPathComponent(name), encoding: .utf8)
      let shortened = text.components(separatedBy: "\n").filter { $0.hasPrefix("[") && $0.hasSuffix(" …\"]") }
      #expect(!shortened.isEmpty, "\(name) shows no recording")
      for line in shortened {
        let start = String(line.dropLast(" …\"]".count))
        #expect(written.contains { $0.hasPrefix(start) }, "\(name): \(line)")
      }
    }
  }

  @Test("An excerpt is what the binary prints", arguments: excerpts())
  func excerptMatchesOutput(_ excerpt: Excerpt) throws {
    let result = try Folioscope.run(excerpt.arguments)
    #expect(result.status == 0, "\(result.stderr)")
    // In the output's order too: a caption excerpt once showed the narration above the text
    // it follows.
    var rest = result.lines[...]
    for line in excerpt.lines where line.trimmingCharacters(in: .whitespaces) != "…" && !line.hasPrefix("$ ") {
      let found = rest.firstIndex(of: line)
      #expect(found != nil, "\(excerpt.file):\(excerpt.line): not in the output, or not in its order: \(line)")
      if let found { rest = rest[(found + 1)...] }
    }
  }
}
