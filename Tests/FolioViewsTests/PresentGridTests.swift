import FolioModel
import FolioScenario
import TerminalCanvas
import Testing

@testable import FolioViews

/// The projector layout's memory grid at its smallest: what the step is about stays on screen.
@Suite struct PresentGridTests {
  static let timeline = EngineScreenTests.v7

  static func viewer(step: Int, width: Int = 80, height: Int = 24) -> Viewer {
    var viewer = Viewer(timeline: timeline, size: Size(width: width, height: height), theme: .contrast)
    viewer.presenting = true
    viewer.show(step: step)
    return viewer
  }

  /// The memory pane's lines, its top and bottom border included.
  static func gridLines(_ lines: [String]) -> ArraySlice<String> {
    let top = lines.firstIndex { $0.hasPrefix("┌ Memory") } ?? 0
    let bottom = lines[top...].firstIndex { $0.hasPrefix("└") } ?? top
    return lines[top...bottom]
  }

  /// The label of the grid row (8 wide cells at 80 columns) that holds `pfn`.
  static func rowLabel(of pfn: PFN, in machine: Machine) -> String {
    let start = machine.regions.first { $0.range.contains(pfn) }?.range.start ?? pfn
    return "│" + MigratePFN.hex(start + (pfn - start) / 8 * 8)
  }

  @Test("At 80×24 every page the step or the migrate arrays name has its row on the projector grid")
  func namedPagesKeepTheirRows() {
    for index in Self.timeline.steps.indices {
      let viewer = Self.viewer(step: index)
      let grid = Self.gridLines(viewer.render().textLines())
      var named = viewer.step.pfn.map { [$0] } ?? []
      if let call = viewer.scene.call {
        named += (Array(call.src) + Array(call.dst)).compactMap(MigratePFN.page)
      }
      for pfn in named where viewer.machine.index(of: pfn) != nil {
        let label = Self.rowLabel(of: pfn, in: viewer.machine)
        #expect(grid.contains { $0.hasPrefix(label) }, "step \(index): no row \(label) for 0x\(String(pfn, radix: 16))")
      }
    }
  }

  @Test func theStepsDevicePageIsShownAndAnUnnamedRegionSummarised() throws {
    // mixed-eight's slot 6: another owner's device-private page, in DEV1.
    let step = try #require(Self.timeline.steps.first { $0.pfn == 0x900 && $0.phase == .collect })
    let grid = Self.gridLines(Self.viewer(step: step.index).render().textLines())
    #expect(grid.contains { $0.hasPrefix("│0x900 ▶D") }, "the step's page, pointed at")
    #expect(grid.contains { $0.contains("DEV0 0x800–0x80f device_private  2 rows hidden: no page of this step's") })
  }

  @Test("With no line to spare, the grid's legend sits in its bottom border")
  func legendInTheBorder() throws {
    let step = try #require(Self.timeline.steps.first { $0.pfn == 0x900 && $0.phase == .collect })
    let grid = Self.gridLines(Self.viewer(step: step.index).render().textLines())
    let bottom = try #require(grid.last)
    #expect(bottom.hasPrefix("└ s source l locked p pinned A anon D device ▶ this step ─"), "\(bottom)")
  }

  @Test("Regions the moment names get a label and a row before any other region gets a line")
  func rowSharesPutNamedRegionsFirst() {
    let machine = Self.timeline.state(at: 0)
    let geometry = GridGeometry(machine: machine, width: 78, cellWidth: 6)
    #expect(machine.regions.count == 3)
    #expect(geometry.rowShares(height: 5, named: [true, false, true]) == [2, 1, 2])
    #expect(geometry.rowShares(height: 4, named: [false, false, true]) == [1, 1, 2])
    #expect(geometry.rowShares(height: 7, named: [false, false, true]) == [3, 2, 2])
    #expect(geometry.rowShares(height: 100, named: [false, false, false]) == [3, 3, 3])
    // Nothing named: a region with pages in use gets its row before a wholly free one.
    #expect(geometry.rowShares(height: 5, named: [false, false, false], inUse: [true, false, true]) == [2, 1, 2])
  }

  @Test("On the first step, before any call, the regions holding pages keep their rows")
  func regionsInUseBeforeFreeOnes() {
    let grid = Self.gridLines(Self.viewer(step: 0).render().textLines())
    #expect(grid.contains { $0.hasPrefix("│0x100  A") })
    #expect(grid.contains { $0.hasPrefix("│0x900  D") }, "DEV1 holds another owner's page")
    #expect(grid.contains { $0.contains("DEV0 0x800–0x80f device_private  2 rows hidden") })
  }
}
