/// One problem found in a scenario, printed the way compilers do: `FILE:LINE:COLUMN: error: MESSAGE`.
public struct Diagnostic: Sendable, Hashable, CustomStringConvertible {
  /// Whether the problem makes the file unusable.
  public enum Severity: String, Sendable, Hashable {
    /// The file is refused.
    case error
    /// The file loads, but something in it is probably not what the author meant.
    case warning
  }

  public var severity: Severity
  /// The file name as the user gave it.
  public var file: String
  /// 1-based line; file-level problems (unreadable, too large) point at 1:1.
  public var line: Int
  /// 1-based column, counted in characters.
  public var column: Int
  /// What is wrong: the field path, what was expected and what was found.
  public var message: String

  public init(_ severity: Severity, file: String, line: Int, column: Int, message: String) {
    self.severity = severity
    self.file = file
    self.line = line
    self.column = column
    self.message = message
  }

  public var isError: Bool { severity == .error }

  public var description: String { "\(file):\(line):\(column): \(severity.rawValue): \(message)" }
}

/// A scenario file could not be loaded; `diagnostics` holds every problem found (errors first in
/// file order, then any warnings).
public struct ScenarioLoadError: Error, Sendable, CustomStringConvertible {
  public var diagnostics: [Diagnostic]
  public init(diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }
  /// One diagnostic per line, ready for stderr.
  public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}

/// The outcome of reading a scenario: the scenario when there was no error, and every diagnostic
/// (errors and warnings) in file order.
public struct ScenarioLoadResult: Sendable {
  public var scenario: Scenario?
  public var diagnostics: [Diagnostic]
  /// Where the file's fields are, for diagnostics made after loading (empty when not from a file).
  var sourceMap = SourceMap()
  public init(scenario: Scenario?, diagnostics: [Diagnostic]) {
    self.scenario = scenario
    self.diagnostics = diagnostics
  }
  init(scenario: Scenario?, diagnostics: [Diagnostic], sourceMap: SourceMap) {
    self.init(scenario: scenario, diagnostics: diagnostics)
    self.sourceMap = sourceMap
  }
  public var hasErrors: Bool { diagnostics.contains(where: \.isError) }

  /// A diagnostic about `calls[index]` of the file (its line and column; 1:1 when unknown), for
  /// checks that need more than the scenario: `validate`'s run of it.
  public func diagnostic(_ severity: Diagnostic.Severity, file: String, call index: Int, _ message: String)
    -> Diagnostic {
    let position = sourceMap.position(of: item("calls", index))
    return Diagnostic(severity, file: file, line: position.line, column: position.column, message: message)
  }
}
