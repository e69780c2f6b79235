import Foundation
import Testing

/// A scenario path that cannot be read (a directory, a missing file) is EX_NOINPUT (66) with one
/// clear line, as `validate --help` promises, and a missing `.yml` names its `.yaml` twin.
@Suite struct UnreadableScenarioTests {
  @Test(arguments: ["validate", "trace"])
  func aDirectoryIsNoInput(command: String) throws {
    let folder = try TemporaryFolder()
    let result = try Folioscope.run([command, folder.url.path])
    #expect(result.status == 66)
    #expect(result.stdout.isEmpty)
    #expect(result.stderr.split(separator: "\n").count == 1)
    #expect(result.stderr.contains("it is a directory, not a scenario file"))
  }

  @Test(arguments: ["validate", "trace"])
  func aMissingYmlNamesItsYamlTwin(command: String) throws {
    let folder = try TemporaryFolder()
    let yaml = try folder.write("memory: {system: {start: 0x100, pages: 1}}\ncalls: []\n", to: "mine.yaml")
    let result = try Folioscope.run([command, folder.path("mine.yml")])
    #expect(result.status == 66)
    #expect(result.stderr.hasSuffix("it does not exist; did you mean '\(yaml)'?\n"))
  }
}
