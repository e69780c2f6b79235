import Foundation
import Testing

/// `folioscope render`: the frame the UI would draw, as text, for handouts and goldens.
@Suite struct RenderTests {
  @Test func frameFitsTheSizeAskedFor() throws {
    let result = try Folioscope.run(["render", "mixed-eight", "--step", "5", "--size", "80x24"])
    #expect(result.status == 0)
    #expect(result.stderr.isEmpty)
    let lines = result.lines
    #expect((1...24).contains(lines.count))
    for line in lines { #expect(line.count <= 80, "\(line.count) wide: \(line)") }
    // At 80 columns the title gives way to the kernel version, phase and function.
    #expect(lines.first?.hasPrefix("Eight slots… · v7.0 · collect · migrate_vma_collect_pmd ") == true)
    #expect(lines.first?.hasSuffix("step 5 / 39") == true)
    #expect(lines.contains { $0.contains("Migrate arrays") })
  }

  @Test func sameArgumentsGiveTheSameBytes() throws {
    let arguments = ["render", "mixed-eight", "--step", "5", "--size", "80x24"]
    let first = try Folioscope.run(arguments)
    let second = try Folioscope.run(arguments)
    #expect(!first.stdout.isEmpty)
    #expect(first.stdout == second.stdout)
  }

  @Test func aNegativeStepCountsFromTheEnd() throws {
    let last = try Folioscope.run(["render", "mixed-eight", "--step", "-1", "--size", "80x24"])
    #expect(last.status == 0)
    #expect(last.lines.first?.hasSuffix("step 39 / 39") == true)
    let explicit = try Folioscope.run(["render", "mixed-eight", "--step", "39", "--size", "80x24"])
    #expect(last.stdout == explicit.stdout)
    let beforeLast = try Folioscope.run(["render", "mixed-eight", "--step=-2", "--size", "80x24"])
    #expect(beforeLast.lines.first?.hasSuffix("step 38 / 39") == true)
  }

  @Test(arguments: [["render", "mixed-eight", "--step", "40"], ["render", "mixed-eight", "--step=-41"],
                    ["run", "mixed-eight", "--step", "40"]])
  func aStepOutsideTheRunIsAUsageError(arguments: [String]) throws {
    let result = try Folioscope.run(arguments)
    #expect(result.status == 64)
    #expect(result.stdout.isEmpty)
    #expect(result.stderr.contains("is outside this run: its steps are 0…39 (or -40…-1 from the end)"), "\(result.stderr)")
  }

  /// `render` shows the too-small screen as the UI would (below); a handout or recording of it
  /// would be useless.
  @Test(arguments: ["handout", "record"])
  func aFrameBelowEightyByTwentyFourIsAUsageError(command: String) throws {
    let result = try Folioscope.run([command, "anon-to-device", "--size", "79x40", "-o", "-"])
    #expect(result.status == 64)
    #expect(result.stderr == "folioscope: --size 79x40 is smaller than the 80x24 the frame needs\n")
  }

  @Test func ansiKeepsEscapeCodesAndPlainHasNone() throws {
    let ansi = try Folioscope.run(["render", "mixed-eight", "--ansi", "--size", "80x24"])
    #expect(ansi.status == 0)
    #expect(ansi.stdout.contains("\u{1B}["))
    let plain = try Folioscope.run(["render", "mixed-eight", "--size", "80x24"])
    #expect(!plain.stdout.contains("\u{1B}"))
  }

  @Test func tooSmallSizeShowsWhatIsNeeded() throws {
    let result = try Folioscope.run(["render", "mixed-eight", "--size", "60x20"])
    #expect(result.status == 0)
    let text = result.lines.map { $0.trimmingCharacters(in: .whitespaces) }
    #expect(text.contains("folioscope needs at least 80×24,"))
    #expect(text.contains("have 60×20."))
  }

  @Test func tinySizeStillDrawsWithinItsBounds() throws {
    let result = try Folioscope.run(["render", "mixed-eight", "--size", "10x5"])
    #expect(result.status == 0)
    #expect(result.lines.count <= 5)
    for line in result.lines { #expect(line.count <= 10) }
    #expect(result.lines.contains { $0.contains("have 10×5.") })
  }

  @Test func malformedSizeIsAUsageError() throws {
    let result = try Folioscope.run(["render", "mixed-eight", "--size", "80by24"])
    #expect(result.status == 64)
    #expect(result.stderr == "folioscope: --size wants WIDTHxHEIGHT, each 1 to 1000, e.g. 120x40 (got '80by24')\n")
  }
}
