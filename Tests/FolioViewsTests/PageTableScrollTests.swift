import FolioModel
import FolioScenario
import TerminalCanvas
import Testing

@testable import FolioViews

/// ↓ past the last page-table row shown scrolls that process's window through its VMA, so every
/// entry can be reached and inspected.
@Suite struct PageTableScrollTests {
  @Test func everyEntryOfTheVMAIsReachable() throws {
    var viewer = Viewer(
      timeline: Simulation.run(try BuiltinScenarios.load("mixed-eight")), size: Size(width: 120, height: 40))
    while viewer.focus != .pageTables { _ = viewer.handle(.key(.tab)) }
    for _ in 0..<12 { _ = viewer.handle(.key(.down)) }
    let rows = viewer.pageTableRows
    #expect(rows[viewer.currentRow].address == 0x7f00_0000_7000)
    #expect(viewer.inspected == .pfn(0x107))
    #expect(viewer.render().textLines().contains { $0.contains("0x7f0000007000 present") })
    for _ in 0..<12 { _ = viewer.handle(.key(.up)) }
    #expect(viewer.pageTableRows[viewer.currentRow].address == 0x7f00_0000_0000)
  }
}
