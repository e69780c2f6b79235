import Foundation
import Testing

@testable import FolioScenario

/// Bad input too large or too odd to commit: generated at run time into a temporary folder.
@Suite struct GeneratedBadInputTests {
  let folder: URL

  init() throws {
    folder = FileManager.default.temporaryDirectory.appendingPathComponent("folio-bad-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
  }

  func write(_ data: Data, _ name: String) throws -> String {
    let url = folder.appendingPathComponent(name)
    try data.write(to: url)
    return url.path
  }

  func firstMessage(_ path: String) -> String {
    let result = ScenarioLoader.parse(path: path)
    #expect(result.scenario == nil)
    return result.diagnostics.first.map { "\($0.line):\($0.column): \($0.severity): \($0.message)" } ?? "(none)"
  }

  @Test func fiftyMegabyteFileIsRefusedBySize() throws {
    let path = try write(Data(repeating: 0x61, count: 50 << 20), "big.yaml")
    #expect(firstMessage(path) == "1:1: error: the file is too large (more than 4 MiB); a scenario file may be at most 4 MiB")
  }

  @Test func endlessDeviceIsRefusedBySize() throws {
    guard FileManager.default.fileExists(atPath: "/dev/zero") else { return }
    #expect(firstMessage("/dev/zero").hasPrefix("1:1: error: the file is too large"))
  }

  @Test func randomBinaryIsRefused() throws {
    var generator = SplitMix64(seed: 42)
    for round in 0..<20 {
      let bytes = (0..<4096).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
      let path = try write(Data(bytes), "garbage-\(round).yaml")
      #expect(firstMessage(path).contains("error:"))
    }
  }

  @Test func directoryIsRefused() {
    #expect(firstMessage(folder.path) == "1:1: error: cannot read the file: it is a directory, not a scenario file")
  }

  @Test func missingFileIsRefused() {
    #expect(firstMessage(folder.appendingPathComponent("nope.yaml").path) == "1:1: error: cannot read the file: it does not exist")
  }

  @Test("A missing foo.yml whose foo.yaml exists (or the other way round) is told about it")
  func aMissingFileSuggestsItsOtherExtension() throws {
    let yaml = try write(Data(Fixtures.minimal.utf8), "scenario.yaml")
    let yml = try write(Data(Fixtures.minimal.utf8), "other.yml")
    #expect(firstMessage(String(yaml.dropLast(5)) + ".yml")
      == "1:1: error: cannot read the file: it does not exist; did you mean '\(yaml)'?")
    #expect(firstMessage(String(yml.dropLast(4)) + ".yaml")
      == "1:1: error: cannot read the file: it does not exist; did you mean '\(yml)'?")
    #expect(ScenarioLoader.unreadableReason(path: yaml) == nil)
    #expect(ScenarioLoader.unreadableReason(path: folder.path) == "it is a directory, not a scenario file")
  }

  /// Root reads any file whatever its mode, so the refusal can only be seen as another user.
  @Test(.enabled(if: geteuid() != 0, "tests run as root, who can read a mode-000 file"))
  func unreadableFileIsRefused() throws {
    let path = try write(Data(Fixtures.minimal.utf8), "secret.yaml")
    try FileManager.default.setAttributes([.posixPermissions: 0], ofItemAtPath: path)
    #expect(firstMessage(path) == "1:1: error: cannot read the file: permission denied")
  }

  @Test func nestingFarPastTheParserLimitIsRefused() throws {
    let text = "title: " + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
    let path = try write(Data(text.utf8), "deep.yaml")
    #expect(firstMessage(path) == "1:9: error: the YAML is nested more than 1000 levels deep; a scenario never needs that")
  }

  @Test func deepAliasBombIsRefusedQuickly() throws {
    var text = "l0: &l0 [a, a, a, a, a, a, a, a, a, a]\n"
    for level in 1...30 { text += "l\(level): &l\(level) [" + Array(repeating: "*l\(level - 1)", count: 10).joined(separator: ", ") + "]\n" }
    let path = try write(Data(text.utf8), "bomb.yaml")
    let clock = ContinuousClock()
    let elapsed = clock.measure { #expect(firstMessage(path).contains("more than 200000 YAML values")) }
    #expect(elapsed < .seconds(5))
  }
}

/// A small deterministic generator so "random" bytes are the same on every run.
struct SplitMix64: RandomNumberGenerator {
  var state: UInt64
  init(seed: UInt64) { state = seed }
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}
