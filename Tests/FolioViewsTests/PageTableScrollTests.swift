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
    #expect(viewer.inspected == .entry(process: 0, address: 0x7f00_0000_7000))
    #expect(viewer.render().textLines().contains { $0.contains("0x7f0000007000 present") })
    for _ in 0..<12 { _ = viewer.handle(.key(.up)) }
    #expect(viewer.pageTableRows[viewer.currentRow].address == 0x7f00_0000_0000)
  }

  @Test("A process with several VMAs names the VMA a window's page numbers count from")
  func severalVMAsAreNumbered() throws {
    var viewer = Viewer(
      timeline: Simulation.run(try BuiltinScenarios.load("thp-compound")), size: Size(width: 120, height: 40))
    viewer.show(step: viewer.lastIndex)
    let heading = try #require(viewer.pageTableRows.first { $0.address == nil })
    #expect(heading.text == "A, VMA 2 · pages 0–4 of 512")
    #expect(viewer.pageTableRows.dropFirst().first?.address == 0x7f00_0020_0000)
  }
}

/// A page-table pane too short for every process shows the ones the step concerns, each with
/// an entry, and names the others with no inverted "pages 6–5" window.
@Suite struct PageTableShareTests {
  static let timeline = Simulation.run(try! BuiltinScenarios.load("shared-cow"))

  static func rows(at step: Int, height: Int) -> [String] {
    let scene = Scene(timeline: timeline, index: step, machine: timeline.state(at: step), theme: .mono)
    return PageTableRow.rows(scene: scene, slotCursor: 0, height: height).map {
      $0.address.map { "\(MigratePFN.hex($0)) entry" } ?? $0.text
    }
  }

  @Test func theProcessWhoseEntryChangedKeepsARow() {
    // Step 4: collect writes A's migration entry; step 7: try_to_migrate converts B's PTE.
    #expect(Self.rows(at: 4, height: 3) == ["process A · page 6 of 8", "0x7f0000006000 entry", "process B · no room"])
    #expect(Self.rows(at: 7, height: 3) == ["process A · no room", "process B · page 6 of 8", "0x7f0000006000 entry"])
  }

  @Test func roomToSpareIsSharedRoundTheProcesses() {
    #expect(PageTableRow.shares(of: 3, wanted: [9, 9], order: [1, 0]) == [1, 2])
    #expect(PageTableRow.shares(of: 9, wanted: [9, 9], order: [1, 0]) == [4, 5])
    // A process that wants fewer lines leaves the rest to the other, whichever comes first.
    #expect(PageTableRow.shares(of: 12, wanted: [3, 20], order: [0, 1]) == [3, 9])
    #expect(PageTableRow.shares(of: 1, wanted: [9, 9], order: [0, 1]) == [1, 0])
  }
}

/// A narrow page-table pane abbreviates each entry kind into one 7-column field, so the `W D Y`
/// bits and the pfn line up whatever the kinds in the window.
@Suite struct PageTableAbbreviationTests {
  @Test(arguments: [
    "present", "migration-w", "migration-rx", "dev-private", "dev-excl", "zero page", "PMD huge", "PMD zero",
    "PMD migr-rx", "PMD dev-priv",
  ])
  func everyKindKeepsTheBitsColumn(kind: String) {
    let short = PageTableRow.abbreviated(PageTableRow.column(kind, "WDY"))
    #expect(short.count == 11, "\(short)")
    #expect(short.hasSuffix(" WDY"), "\(short)")
  }
}
