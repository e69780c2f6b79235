import Foundation

/// The scenario library shipped inside the package: the YAML files of `Examples/scenarios/`,
/// copied into the FolioScenario resource bundle (`Resources/scenarios` is a symlink to that
/// folder, so there is one source of truth) and loaded through the same validator as user files.
public enum BuiltinScenarios {
  /// The folder of the scenario files inside the resource bundle.
  static var directory: URL? { Bundle.module.url(forResource: "scenarios", withExtension: nil) }

  /// The built-in scenario names (file stems), sorted.
  public static var names: [String] { names(in: directory) }

  /// The `.yaml` stems in a folder, sorted.
  static func names(in directory: URL?) -> [String] {
    guard let directory, let files = try? FileManager.default.contentsOfDirectory(atPath: directory.path) else {
      return []
    }
    return files.filter { $0.hasSuffix(".yaml") }.map { String($0.dropLast(5)) }.sorted()
  }

  /// The path of a built-in scenario's file, or nil for an unknown name.
  public static func path(of name: String) -> String? {
    guard names.contains(name), let directory else { return nil }
    return directory.appendingPathComponent(name + ".yaml").path
  }

  /// Loads a built-in scenario; an unknown name throws one diagnostic listing the closest names.
  public static func load(_ name: String) throws(ScenarioLoadError) -> Scenario {
    guard let path = path(of: name) else {
      let close = closest(to: name)
      let hint = close.isEmpty ? "" : "; did you mean \(close.map { "'\($0)'" }.joined(separator: " or "))?"
      let message = "unknown built-in scenario '\(name)'\(hint) (`folioscope list` shows them all)"
      throw ScenarioLoadError(diagnostics: [Diagnostic(.error, file: name, line: 1, column: 1, message: message)])
    }
    return try ScenarioLoader.load(path: path)
  }

  /// The built-in names closest to a misspelt one, closest first; names that contain the
  /// given text come next (`evict` → `device-evict-range`).
  public static func closest(to name: String) -> [String] { closest(to: name, among: names) }

  static func closest(to name: String, among all: [String]) -> [String] {
    let near = Suggestion.closest(to: name, among: all)
    let containing = name.isEmpty ? [] : all.filter { $0.contains(name.lowercased()) && !near.contains($0) }
    return Array((near + containing).prefix(3))
  }
}
