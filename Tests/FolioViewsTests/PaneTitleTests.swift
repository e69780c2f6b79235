import FolioModel
import FolioScenario
import TerminalCanvas
import Testing

@testable import FolioViews

/// Titles and headings that meet a narrow screen give way whole: a count is never cut to a
/// smaller number, and a title is never cut mid-word.
@Suite struct PaneTitleTests {
  @Test func theArraysTitleNeverCutsCpagesShort() throws {
    let timeline = Simulation.run(try BuiltinScenarios.load("thp-split"))
    let step = try #require(timeline.steps.last { $0.phase == .finalize }).index
    let scene = Scene(timeline: timeline, index: step, machine: timeline.state(at: step), theme: .mono)
    for perFolio in [false, true] {
      for width in 20...70 {
        var buffer = Buffer(size: Size(width: width, height: 4))
        MigrateArraysPane(scene: scene, cursor: 0, focused: false, perFolio: perFolio).render(in: buffer.area, on: &buffer)
        let title = buffer.textLines()[0]
        #expect(!title.contains("cpages") || title.contains("cpages 512 "), "\(width): \(title)")
        #expect(title.contains("Migrate arrays"), "\(width): \(title)")
      }
    }
    // At 80×24 the pane is 44 wide: the call number and cpages stay, the API's name goes.
    var buffer = Buffer(size: Size(width: 44, height: 4))
    MigrateArraysPane(scene: scene, cursor: 0, focused: false, perFolio: true).render(in: buffer.area, on: &buffer)
    #expect(buffer.textLines()[0].hasPrefix("┌ Migrate arrays by folio · #1 cpages 512 ─"))
  }

  @Test func theHeaderShortensATitleAtAWordBoundary() {
    let title = "A huge page is split into 512 pages and migrated"
    #expect(HeaderPane.shortened(title, to: 44) == "A huge page is split into 512 pages and")
    #expect(HeaderPane.shortened(title, to: 39) == "A huge page is split into 512 pages and")
    #expect(HeaderPane.shortened(title, to: 38) == "A huge page is split into 512 pages")
    #expect(HeaderPane.shortened("Eight slots, eight fates", to: 15) == "Eight slots")
    #expect(HeaderPane.shortened("Supercalifragilistic", to: 6) == "Superc")
  }
}

/// The code pane says which file to open beside it, and that the scenario's own start and end
/// listing is no kernel code.
@Suite struct CodePaneTitleTests {
  static func title(of function: String, width: Int = 120) -> String {
    let listing = Listings.listing(for: function)
    var buffer = Buffer(size: Size(width: width, height: 5))
    CodePane(listing: listing, function: function, line: 1, kernel: .v7_0, theme: .mono).render(in: buffer.area, on: &buffer)
    return buffer.textLines()[0]
  }

  @Test func theTitleNamesTheFile() {
    #expect(Self.title(of: "dmirror_migrate_alloc_and_copy").hasPrefix("┌ dmirror_migrate_alloc_and_copy() · lib/test_hmm.c · v7.0 · paraphrase ─"))
    #expect(Self.title(of: "migrate_vma_collect_pmd").hasPrefix("┌ migrate_vma_collect_pmd() · mm/migrate_device.c · v7.0 ·"))
    #expect(Self.title(of: "migrate_vma_collect_pmd", width: 50).hasPrefix("┌ migrate_vma_collect_pmd() · v7.0 · paraphrase ─"))
    #expect(Self.title(of: "scenario").hasPrefix("┌ scenario start and end · not kernel code ─"))
  }
}
