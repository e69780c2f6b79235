import Foundation
import Yams

/// Reads scenario files: size and encoding checks, YAML parsing (Yams), decoding into a
/// `Scenario` and the meaning checks of `ScenarioValidator`. A file either loads completely or
/// is refused with every problem found; bad input never crashes or hangs it.
public enum ScenarioLoader {
  /// Files larger than this are refused before they are read (a scenario is a few KiB).
  public static let maxFileSize = 4 << 20

  /// Loads the scenario in the file at `path`; warnings are dropped (use `parse(path:)` to see them).
  public static func load(path: String) throws(ScenarioLoadError) -> Scenario {
    try parse(path: path).scenarioOrThrow()
  }

  /// Loads a scenario from text; `file` names it in messages, and its stem is the default name.
  public static func load(yaml: String, file: String) throws(ScenarioLoadError) -> Scenario {
    try parse(yaml: yaml, file: file).scenarioOrThrow()
  }

  /// Reads, decodes and checks the file at `path`, returning the scenario (when there is no
  /// error) and every diagnostic.
  public static func parse(path: String) -> ScenarioLoadResult {
    switch ScenarioFile.read(path) {
    case .success(let data): return parse(data: data, file: path)
    case .failure(let failure): return refusal(file: path, position: .start, failure.message)
    }
  }

  /// Why the file at `path` cannot be read as a scenario ("it is a directory, not a scenario
  /// file", "it does not exist; did you mean 'foo.yaml'?"), or nil when it can be opened.
  public static func unreadableReason(path: String) -> String? {
    ScenarioFile.unreadableReason(path)
  }

  /// As `parse(path:)`, for bytes already read.
  public static func parse(data: Data, file: String) -> ScenarioLoadResult {
    guard data.count <= maxFileSize else {
      return refusal(file: file, position: .start, ScenarioFile.tooLarge(data.count))
    }
    switch SourceText.decodeUTF8(data) {
    case .success(let text): return parse(yaml: text, file: file)
    case .failure(let invalid): return refusal(file: file, position: invalid.position, invalid.message)
    }
  }

  /// As `parse(path:)`, for text.
  public static func parse(yaml text: String, file: String) -> ScenarioLoadResult {
    // A byte-order mark is no part of the text (editors hide it); libyaml refuses it before a mapping.
    let yaml = text.unicodeScalars.first == "\u{FEFF}" ? String(text.unicodeScalars.dropFirst()) : text
    guard yaml.utf8.count <= maxFileSize else {
      return refusal(file: file, position: .start, ScenarioFile.tooLarge(yaml.utf8.count))
    }
    if let (position, message) = SourceText.firstYAMLOnlyBreak(in: yaml) {
      return refusal(file: file, position: position, message)
    }
    if let (position, message) = KeyScanner.firstComplexKey(in: yaml) {
      return refusal(file: file, position: position, message)
    }
    let root: Node?
    do {
      root = try Yams.compose(yaml: yaml)
    } catch {
      let (position, message) = YAMLErrorText.describe(error, in: yaml)
      return refusal(file: file, position: position, message)
    }
    guard let root else {
      return refusal(file: file, position: .start, "the file holds no scenario; expected a mapping with at least 'memory' and 'calls'")
    }
    if let (position, message) = TreeGuard.firstProblem(in: root) {
      return refusal(file: file, position: position, message)
    }
    let context = DecodeContext(file: file)
    let decoder = ScenarioDecoder(context: context, defaultName: ScenarioFile.stem(of: file))
    let decoded = decoder.decode(root)
    guard let checkable = decoded.checkable else {
      return ScenarioLoadResult(scenario: nil, diagnostics: inFileOrder(context.diagnostics))
    }
    let diagnostics = inFileOrder(context.diagnostics
      + ScenarioValidator.validate(checkable, file: file, sourceMap: context.sourceMap))
    let clean = !diagnostics.contains(where: \.isError)
    return ScenarioLoadResult(scenario: clean ? decoded.scenario : nil, diagnostics: diagnostics,
                              sourceMap: context.sourceMap)
  }

  private static func refusal(file: String, position: Position, _ message: String) -> ScenarioLoadResult {
    let diagnostic = Diagnostic(.error, file: file, line: position.line, column: position.column, message: message)
    return ScenarioLoadResult(scenario: nil, diagnostics: [diagnostic])
  }

  /// File order, so the first message is the first problem in the file; a problem two checks
  /// find alike is told once.
  static func inFileOrder(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
    var seen: Set<Diagnostic> = []
    return diagnostics.enumerated().sorted {
      ($0.element.line, $0.element.column, $0.offset) < ($1.element.line, $1.element.column, $1.offset)
    }.map(\.element).filter { seen.insert($0).inserted }
  }
}

extension ScenarioLoadResult {
  func scenarioOrThrow() throws(ScenarioLoadError) -> Scenario {
    guard let scenario, !hasErrors else { throw ScenarioLoadError(diagnostics: diagnostics) }
    return scenario
  }
}
