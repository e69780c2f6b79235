import FolioModel
import Foundation
import FolioScenario
import TerminalCanvas
import Testing

@testable import FolioViews

/// The timeline bar names every phase run it can: in full, else by abbreviation, never over
/// a neighbour.
@Suite struct TimelineBarTests {
  static func bar(_ name: String, width: Int, at index: Int = 0) throws -> String {
    let timeline = Simulation.run(try BuiltinScenarios.load(name))
    var buffer = Buffer(size: Size(width: width, height: 1))
    TimelineBar(summary: TimelineSummary(timeline), index: index, theme: .dark).render(in: buffer.area, on: &buffer)
    return buffer.textLines()[0]
  }

  @Test("A short run's phases all have their names")
  func fullNames() throws {
    let bar = try Self.bar("mixed-eight", width: 118)
    for phase in ["start", "setup", "collect", "unmap", "driver", "pages", "finalize", "done"] {
      #expect(bar.contains("│\(phase)"), "\(bar)")
    }
  }

  @Test("A 2000-step THP run abbreviates its short phases and names its long ones in full")
  func abbreviations() throws {
    let bar = try Self.bar("thp-compound-small-dst", width: 118)
    for label in ["│sta", "│set", "│col", "│unm", "│drv", "│pages", "│finalize"] {
      #expect(bar.contains(label), "\(bar)")
    }
    #expect(!bar.contains("│─│"), "a run without a name: \(bar)")
  }

  @Test("Two calls' eighteen runs are all named on a 100-column projector bar, if only by abbreviation")
  func abbreviationsFillingTheRow() throws {
    let bar = try Self.bar("thp-compound", width: 100)
    let names = bar.split(separator: "│").map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "─●")) }
    #expect(names.count == 18, "\(bar)")
    #expect(names.allSatisfy { !$0.isEmpty }, "a run without a name: \(bar)")
  }

  @Test("Where not every abbreviation fits, the longest runs get theirs first")
  func abbreviationsLongestFirst() throws {
    let bar = try Self.bar("thp-compound", width: 80)
    let names = bar.split(separator: "│").map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "─●")) }
    #expect(names.count == 18, "\(bar)")
    #expect(names.filter { !$0.isEmpty }.count >= 14, "\(bar)")
    #expect(names.filter { $0 == "col" }.count == 2 && names.filter { $0 == "fin" }.count == 2, "\(bar)")
  }

  @Test("Every phase run starts with a border, and the position mark covers no letter",
        arguments: [40, 60, 80, 118, 200])
  func bordersAndPosition(width: Int) throws {
    let timeline = Simulation.run(try BuiltinScenarios.load("thp-compound-small-dst"))
    let summary = TimelineSummary(timeline)
    let scale = BarScale(summary: summary, width: width)
    for run in summary.phaseStarts.indices where scale.starts[run] < width {
      let label = scale.label(ofRun: run)
      let track = scale.track(ofRun: run)
      #expect(label.isEmpty || track.lowerBound == scale.starts[run] + label.count + 1)
      #expect(label.isEmpty || track.lowerBound < scale.starts[run + 1], "a name leaves a column for its steps")
    }
  }
}
