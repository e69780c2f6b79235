import Foundation
import Testing

/// Bad input ends with one clear message on stderr and the sysexits status the README promises.
@Suite struct ErrorExitTests {
  /// A flow sequence never closed: a YAML syntax error.
  static let brokenYAML = "name: broken\ntitle: [unclosed\n"
  /// Well-formed YAML that is not a scenario.
  static let notAScenario = "name: x\nfoo: 3\n"

  @Test(arguments: ["trace", "render", "compare", "run"])
  func unknownScenarioNameIsAUsageErrorWithASuggestion(command: String) throws {
    let result = try Folioscope.run([command, "mixd-eight"])
    #expect(result.status == 64)
    #expect(result.stdout.isEmpty)
    #expect(
      result.stderr
        == "folioscope: unknown scenario 'mixd-eight'; did you mean 'mixed-eight'? (`folioscope list` shows them all)\n"
    )
  }

  @Test("A misspelt command is named with the command it is close to; a built-in name still runs")
  func misspeltCommandIsAUsageErrorWithASuggestion() throws {
    let result = try Folioscope.run(["tarce", "mixed-eight"])
    #expect(result.status == 64)
    #expect(result.stdout.isEmpty)
    #expect(result.stderr == "folioscope: unknown command 'tarce'; did you mean 'trace'? (`folioscope help` lists them)\n")
    let scenario = try Folioscope.run(["mixd-eight"])
    #expect(scenario.stderr.hasPrefix("folioscope: unknown scenario 'mixd-eight'"))
  }

  @Test("A word that is no command, followed by a scenario, is named as an unknown command")
  func unknownCommandBeforeAScenario() throws {
    let result = try Folioscope.run(["explain", "mixed-eight"])
    #expect(result.status == 64)
    #expect(result.stderr == "folioscope: unknown command 'explain' (commands: run, render, trace, compare, list, "
      + "record, handout, validate, bench, help)\n")
  }

  @Test("--size takes exactly two numbers; a file -o cannot create is named with the system's reason")
  func sizeAndOutputFileErrors() throws {
    let size = try Folioscope.run(["render", "--size", "80x24x"])
    #expect(size.status == 64)
    #expect(size.stderr == "folioscope: --size wants WIDTHxHEIGHT, each 1 to 1000, e.g. 120x40 (got '80x24x')\n")
    let file = try Folioscope.run(["handout", "anon-to-device", "-o", "/proc/folioscope-test.md"])
    #expect(file.status == 73)
    #expect(file.stderr == "folioscope: cannot write '/proc/folioscope-test.md': No such file or directory\n")
  }

  @Test("help for no command is a usage error, with the command it is close to")
  func helpForNoCommand() throws {
    let near = try Folioscope.run(["help", "tarce"])
    #expect(near.status == 64)
    #expect(near.stderr == "folioscope: no command 'tarce' to help with; did you mean 'trace'? (`folioscope help` lists them)\n")
    let far = try Folioscope.run(["help", "xyzzyq"])
    #expect(far.status == 64)
    #expect(far.stderr == "folioscope: no command 'xyzzyq' to help with (`folioscope help` lists them)\n")
    #expect(try Folioscope.run(["help", "trace"]).stdout.hasPrefix("OVERVIEW: Run a scenario headless"))
  }

  @Test("validate refuses an empty argument rather than report on a file with no name")
  func validateEmptyPath() throws {
    let result = try Folioscope.run(["validate", ""])
    #expect(result.status == 64)
    #expect(result.stderr.hasPrefix("Error: an empty argument names no scenario file"))
  }

  @Test("bench refuses a slot count it cannot run, before allocating anything", arguments: ["0", "-5", "99999999999"])
  func benchSlotsOutOfRange(slots: String) throws {
    let result = try Folioscope.run(["bench", "--slots", slots])
    #expect(result.status == 64)
    #expect(result.stderr.hasPrefix("Error: --slots wants a number of pages from 1 to 4194304 (got \(slots))"))
  }

  @Test("A missing NAME.yaml whose NAME is a built-in says so")
  func builtinNameWithAnExtension() throws {
    let result = try Folioscope.run(["trace", "mixed-eight.yaml"])
    #expect(result.status == 66)
    #expect(result.stderr == "folioscope: cannot read the scenario file 'mixed-eight.yaml': it does not exist; the "
      + "built-in scenario is 'mixed-eight', without .yaml\n")
  }

  @Test("A negative number after an option is its value, refused for what it is (not a missing value)")
  func negativeOptionValues() throws {
    let slot = try Folioscope.run(["trace", "mixed-eight", "--slot", "-1"])
    #expect(slot.status == 64)
    #expect(slot.stderr.hasPrefix("Error: --slot must be 0 or more, not -1."))
    let seconds = try Folioscope.run(["record", "anon-to-device", "-o", "-", "--step-seconds", "-1"])
    #expect(seconds.status == 64)
    #expect(seconds.stderr.hasPrefix("Error: --step-seconds wants a number of seconds above 0, at most 3600 (got -1.0)"))
  }

  @Test("An output path that is a directory is refused in one line (EX_CANTCREAT)", arguments: ["record", "handout"])
  func outputIntoADirectory(command: String) throws {
    let folder = try TemporaryFolder()
    let result = try Folioscope.run([command, "anon-to-device", "-o", folder.path("")])
    #expect(result.status == 73)
    #expect(result.stderr.contains("it is a directory; name a file in it"))
    #expect(result.stderr.split(separator: "\n").count == 1)
  }

  @Test("A handout, whose frames are plain text, neither offers nor takes --theme; render still does")
  func handoutHasNoTheme() throws {
    let help = try Folioscope.run(["help", "handout"])
    #expect(help.status == 0)
    #expect(help.stdout.contains("--ascii") && !help.stdout.contains("--theme"))
    let handout = try Folioscope.run(["handout", "anon-to-device", "-o", "-", "--theme", "light"])
    #expect(handout.status == 64)
    #expect(handout.stderr.hasPrefix("Error: Unknown option '--theme'"))
    #expect(try Folioscope.run(["render", "anon-to-device", "--theme", "light"]).status == 0)
  }

  @Test("Output that cannot be written (a full disk) fails with EX_IOERR and one line, never a trap",
        arguments: [["trace", "mixed-eight"], ["trace", "mixed-eight", "--json"], ["handout", "mixed-eight", "-o", "-"]])
  func aFullDiskIsAnIOError(arguments: [String]) throws {
    let binary = try #require(Folioscope.binary)
    let result = try ChildProcess.run(URL(fileURLWithPath: "/bin/sh"),
                                      ["-c", "exec \"$0\" \"$@\" > /dev/full", binary.path] + arguments)
    #expect(result.status == 74)
    #expect(result.stderr.hasPrefix("folioscope: cannot write to standard output: "), "\(result.stderr)")
    #expect(result.stderr.split(separator: "\n").count == 1)
  }

  @Test("A handout or recording never overwrites its own scenario file", arguments: ["record", "handout"])
  func outputOntoTheScenarioFile(command: String) throws {
    let folder = try TemporaryFolder()
    let file = folder.path("demo.yaml")
    let text = try String(contentsOf: Folioscope.packageRoot.appendingPathComponent("Examples/scenarios/anon-to-device.yaml"),
                          encoding: .utf8)
    try text.write(toFile: file, atomically: true, encoding: .utf8)
    let result = try Folioscope.run([command, file, "-o", folder.path("./demo.yaml")])
    #expect(result.status == 73)
    #expect(result.stderr.contains("it is the scenario file itself; name another file"))
    #expect(try String(contentsOfFile: file, encoding: .utf8) == text)
  }

  /// Checked before the terminal is opened, so it shows without one.
  @Test(arguments: ["nan", "inf"])
  func nonFiniteSpeedIsAUsageError(speed: String) throws {
    let result = try Folioscope.run(["run", "mixed-eight", "--speed", speed, "--play"])
    #expect(result.status == 64)
    #expect(result.stderr.hasPrefix("Error: --speed wants steps per second, 0.1 to 1000 (got "))
  }

  @Test(arguments: ["trace", "render", "validate"])
  func missingFileIsNoInput(command: String) throws {
    let folder = try TemporaryFolder()
    let path = folder.path("absent.yaml")
    let result = try Folioscope.run([command, path])
    #expect(result.status == 66)
    #expect(result.stdout.isEmpty)
    #expect(result.stderr.contains(path))
    #expect(result.stderr.split(separator: "\n").count == 1)
  }

  @Test("A symbolic link to nothing says so rather than that the file does not exist")
  func aDanglingLink() throws {
    let folder = try TemporaryFolder()
    let path = folder.path("link.yaml")
    try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: folder.path("gone.yaml"))
    let result = try Folioscope.run(["validate", path])
    #expect(result.status == 66)
    #expect(result.stderr.contains("it is a symbolic link to nothing (its target is missing, or links loop)"))
  }

  @Test("A FIFO is refused at once (reading it would wait for a writer)", arguments: ["trace", "validate"])
  func aPipeIsNoInput(command: String) throws {
    let folder = try TemporaryFolder()
    let path = folder.path("pipe.yaml")
    #expect(mkfifo(path, 0o600) == 0)
    let result = try Folioscope.run([command, path], timeout: 10)
    #expect(result.status == 66)
    #expect(result.stderr.contains("it is a pipe or socket, not a scenario file"))
  }

  @Test(arguments: ["trace", "render", "validate"], [brokenYAML, notAScenario])
  func invalidFileIsADataErrorWithFileLineColumn(command: String, text: String) throws {
    let folder = try TemporaryFolder()
    let path = try folder.write(text, to: "bad.yaml")
    let result = try Folioscope.run([command, path])
    #expect(result.status == 65)
    #expect(result.stdout.isEmpty)
    let lines = result.stderr.split(separator: "\n").map(String.init)
    #expect(!lines.isEmpty)
    for line in lines {
      #expect(line.wholeMatch(of: /(.+):(\d+):(\d+): error: .+/)?.1 == Substring(path), "\(line)")
    }
  }

  @Test func invalidYAMLPointsAtTheSyntaxError() throws {
    let folder = try TemporaryFolder()
    let path = try folder.write(Self.brokenYAML, to: "bad.yaml")
    let result = try Folioscope.run(["validate", path])
    #expect(result.stderr.hasPrefix("\(path):"))
    #expect(result.stderr.contains(": error: invalid YAML: "))
  }

  @Test func unknownKeyIsReportedAtItsLine() throws {
    let folder = try TemporaryFolder()
    let path = try folder.write(Self.notAScenario, to: "bad.yaml")
    let result = try Folioscope.run(["trace", path])
    #expect(result.stderr.contains("\(path):2:1: error: unknown key 'foo' in the top level\n"))
  }

  @Test func everyExampleScenarioValidates() throws {
    let folder = Folioscope.packageRoot.appendingPathComponent("Examples/scenarios")
    let files = try FileManager.default.contentsOfDirectory(atPath: folder.path)
      .filter { $0.hasSuffix(".yaml") }.sorted().map { folder.appendingPathComponent($0).path }
    #expect(files.count == (try ListAndTraceTests.builtinNames()).count)
    let result = try Folioscope.run(["validate"] + files)
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.lines.count == files.count)
    for (line, file) in zip(result.lines, files) {
      #expect(line == "\(file): ok" || line.hasPrefix("\(file): ok ("), "\(line)")
    }
    #expect(!result.stderr.contains(": error: "))
  }

  @Test func validateWithAMissingAndABadFileReportsBoth() throws {
    let folder = try TemporaryFolder()
    let bad = try folder.write(Self.notAScenario, to: "bad.yaml")
    let missing = folder.path("absent.yaml")
    let result = try Folioscope.run(["validate", bad, missing])
    #expect(result.status == 66)
    #expect(result.stderr.contains("\(bad):2:1: error: unknown key 'foo'"))
    #expect(result.stderr.contains(missing))
  }
}
