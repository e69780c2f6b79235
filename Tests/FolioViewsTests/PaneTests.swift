import Foundation
import FolioModel
import FolioScenario
import TerminalCanvas
import Testing

@testable import FolioViews

@Suite struct PaneTests {
  static let timeline = Fixtures.timeline()

  static func scene(at index: Int, theme: Theme = .dark) -> Scene {
    Scene(timeline: timeline, index: index, machine: timeline.state(at: index), theme: theme)
  }

  static func panes(at index: Int) -> [(String, any Widget)] {
    let scene = scene(at: index)
    let summary = TimelineSummary(timeline)
    return [
      ("header", HeaderPane(scene: scene, playing: false, speed: "1")),
      ("grid", MemoryGridPane(scene: scene, cursor: 0x104, focused: true)),
      ("arrays", MigrateArraysPane(scene: scene, cursor: 3, focused: true, perFolio: false)),
      ("folios", MigrateArraysPane(scene: scene, cursor: 3, focused: true, perFolio: true)),
      ("pagetables", PageTablesPane(scene: scene, slotCursor: 0, cursor: 1, focused: true)),
      ("inspector-pfn", InspectorPane(scene: scene, subject: .pfn(0x104))),
      ("inspector-slot", InspectorPane(scene: scene, subject: .slot(call: 0, slot: 0))),
      ("explanation", ExplanationPane(scene: scene)),
      (
        "code",
        CodePane(
          listing: Fixtures.codeListing, function: "migrate_vma_collect_pmd", line: 3,
          kernel: .v7_0, theme: .dark)
      ),
      ("bar", TimelineBar(summary: summary, index: index, theme: .dark)),
      ("footer", FooterPane(pendingJump: nil)),
      ("help", HelpOverlay(theme: .dark)),
      ("toosmall", TooSmallScreen(size: Size(width: 60, height: 20))),
    ]
  }

  @Test(arguments: [0, 5, 11, 21])
  func everyPaneSurvivesTinyAreas(step: Int) {
    for (_, pane) in Self.panes(at: step) {
      for size in [Size(width: 0, height: 0), Size(width: 1, height: 1), Size(width: 3, height: 2)]
      {
        var buffer = Buffer(size: size)
        pane.render(in: buffer.area, on: &buffer)
        #expect(buffer.size == size)
      }
      var offset = Buffer(size: Size(width: 10, height: 4))
      pane.render(in: Rect(x: 8, y: 3, width: 5, height: 5), on: &offset)
    }
  }

  @Test func paneGoldens() throws {
    for (name, pane) in Self.panes(at: 5) {
      var buffer = Buffer(size: Size(width: 60, height: name == "help" ? 24 : 12))
      pane.render(in: buffer.area, on: &buffer)
      try Golden.expect(buffer, named: "pane-\(name)")
    }
  }

  @Test func collectStepMarksTheChangedBitsWithAGlyphAndStyle() {
    // Step 2 collects slot 0: src goes from 0 to V|M|W.
    var buffer = Buffer(size: Size(width: 60, height: 6))
    MigrateArraysPane(
      scene: Self.scene(at: 2, theme: .mono), cursor: 0, focused: false, perFolio: false
    )
    .render(in: buffer.area, on: &buffer)
    let row = buffer.textLines()[2]
    #expect(row.contains("0x100 VMW_•"))
    #expect(row.hasPrefix("│▶0"))
    let style = buffer.styleLines()[2]
    #expect(style.contains("GGG"))
  }

  @Test("A clipped pane says how many lines it cut, and a blank line never ends what it shows")
  func clippedLinesCountWhatTheyCut() {
    let lines = ["one", "two", "", "three", "four"].map { ($0, Style(.plain)) }
    #expect(ClippedLines.fit(lines, height: 5, hint: nil).map(\.0) == ["one", "two", "", "three", "four"])
    #expect(ClippedLines.fit(lines, height: 3, hint: nil).map(\.0) == ["one", "two", "… 3 more lines"])
    // The blank would end the shown part: "three" takes its row.
    #expect(ClippedLines.fit(lines, height: 4, hint: "press e").map(\.0) == ["one", "two", "three", "… 1 more line: press e"])
  }

  @Test("A short inspector keeps the page's facts and cuts the spelled-out flag names, saying so")
  func inspectorCutsNamesBeforeFacts() {
    let pane = InspectorPane(scene: Self.scene(at: 11), subject: .slot(call: 0, slot: 0))
    var short = Buffer(size: Size(width: 60, height: 9))
    pane.render(in: short.area, on: &short)
    let cut = short.textLines().joined(separator: "\n")
    #expect(cut.contains("refcount") && cut.contains("flags "), "\(cut)")
    #expect(!cut.contains("MIGRATE_PFN_VALID") && cut.contains("more line"), "\(cut)")
    var tall = Buffer(size: Size(width: 60, height: 20))
    pane.render(in: tall.area, on: &tall)
    let whole = tall.textLines().joined(separator: "\n")
    #expect(whole.contains("src = MIGRATE_PFN_VALID") && !whole.contains("more line"), "\(whole)")
  }

  @Test("A slot src does not name shows the entry at its address and the page it maps there")
  func inspectorFollowsASlotWithoutSrcToItsEntry() throws {
    let timeline = Simulation.run(try BuiltinScenarios.load("thp-split"))
    let collect = try #require(timeline.steps.first { $0.phase == .collect })
    let machine = timeline.state(at: collect.index)
    let scene = Scene(timeline: timeline, index: collect.index, machine: machine, theme: .dark)
    let facts = InspectorPane(scene: scene, subject: .slot(call: 0, slot: 5)).describe(.slot(call: 0, slot: 5)).facts
    #expect(Array(facts.prefix(4)) == ["slot 5 address 0x7f0000005000", "src 0x0 ____  dst 0x0 ____",
                                       "entry PMD huge WD_", "pfn 0x205 (System RAM, normal)"])
  }

  @Test("The inspector says a freed large device folio keeps its order (free_zone_device_folio leaves it)")
  func inspectorShowsAFreedDeviceFolioKeepsItsOrder() throws {
    let memory = PhysicalMemory(system: PfnRange(start: 0x100, count: 16),
                                devices: [DeviceSpec(name: "DEV0", type: .devicePrivate, range: PfnRange(start: 0x800, count: 8))])
    let scenario = Scenario(
      name: "freed", title: "freed", memory: memory, folios: [FolioSpec(pfn: 0x804, order: 2)],
      processes: [ProcessSpec(name: "A", vmas: [VMASpec(start: Fixtures.base, pages: 4, mappings: (0..<4).map {
        MappingSpec(page: $0, entry: .devicePrivate, pfn: 0x804 + UInt64($0), write: true)
      })])],
      calls: [.migrateDeviceRange(startPfn: 0x804, pages: 4, driver: DriverSpec())])
    let timeline = Simulation.run(scenario)
    let end = timeline.count - 1
    let scene = Scene(timeline: timeline, index: end, machine: timeline.state(at: end), theme: .dark)
    let facts = InspectorPane(scene: scene, subject: .pfn(0x806)).describe(pfn: 0x806).facts
    #expect(facts == ["pfn 0x806 (DEV0, device_private)", "free (refcount 0, still order 2 from head 0x804)"])
    let small = InspectorPane(scene: scene, subject: .pfn(0x10f)).describe(pfn: 0x10f).facts
    #expect(small.last == "free (refcount 0, no folio)")
  }

  @Test("A step about a page but no slot (a fault) shows the page-table entry mapping that page")
  func pageTablesFollowASlotlessStepToItsPage() throws {
    let timeline = Simulation.run(try BuiltinScenarios.load("thp-fault-no-system-thp"))
    // The retried fault: do_swap_page on 0x802, which A maps at 0x7f0000002000; the arrays still
    // show the first call, whose slot 0 is at 0x7f0000000000.
    let fault = try #require(timeline.steps.first { $0.function == "do_swap_page" && $0.label == "device_private" })
    #expect(fault.slot == nil && fault.pfn == 0x802)
    let scene = Scene(timeline: timeline, index: fault.index, machine: timeline.state(at: fault.index), theme: .dark)
    let rows = PageTableRow.rows(scene: scene, slotCursor: 0, height: 3)
    #expect(rows.compactMap(\.address).contains(0x7f00_0000_2000), "\(rows.map(\.text))")
  }

  @Test func folioViewShowsWhatAFolioArrayLoses() {
    var buffer = Buffer(size: Size(width: 70, height: 10))
    MigrateArraysPane(scene: Self.scene(at: 11), cursor: 0, focused: false, perFolio: true)
      .render(in: buffer.area, on: &buffer)
    let text = buffer.textLines().joined(separator: "\n")
    #expect(text.contains("3–6   0x104 o2    VMW_ ×4 -"), "\(text)")
    #expect(text.contains("1     hole/zero   _M__    - → no folio"), "\(text)")
    #expect(text.contains("7     -           0 not collected"), "\(text)")
  }

  @Test("The folio view keeps a COMPOUND entry's 512 slots together, also after its folio is freed, and for a hole")
  func folioViewOfCompoundEntries() throws {
    let timeline = Simulation.run(try BuiltinScenarios.load("thp-compound"))
    func rows(at index: Int) -> String {
      let machine = timeline.state(at: index)
      let scene = Scene(timeline: timeline, index: index, machine: machine, theme: .dark)
      var buffer = Buffer(size: Size(width: 70, height: 6))
      MigrateArraysPane(scene: scene, cursor: 0, focused: false, perFolio: true).render(in: buffer.area, on: &buffer)
      return buffer.textLines().joined(separator: "\n")
    }
    let firstCallEnd = try #require(timeline.steps.first { $0.phase == .finalize && $0.call == 0 && $0.slot == 0 })
    let afterFinalize = rows(at: firstCallEnd.index)
    // The destination column: the compound destination folio the driver allocated.
    #expect(afterFinalize.contains("0–511   0x200 o9    VMWC    0xa00 o9 V_WC"), "\(afterFinalize)")
    #expect(!afterFinalize.contains("not collected"), "\(afterFinalize)")
    let hole = rows(at: timeline.count - 1)
    #expect(hole.contains("0–511   PMD hole    _M_C    0x800 o9 V__C → no folio"), "\(hole)")
  }

  @Test func largeFolioIsOneJoinedBlock() {
    var buffer = Buffer(size: Size(width: 60, height: 8))
    MemoryGridPane(
      scene: Self.scene(at: 0, theme: .mono), cursor: nil, focused: false, legend: .none
    )
    .render(in: buffer.area, on: &buffer)
    #expect(buffer.textLines()[2].contains("A ═A ═A ═A "))
  }

  /// mixed-eight's collect of slot 4: the one-line legend names the letters the cells use,
  /// state letters first, in terser words when needed, and drops whatever does not fit whole.
  @Test func smallLayoutLegendNamesOnlyTheLettersDrawn() throws {
    let timeline = Simulation.run(try BuiltinScenarios.load("mixed-eight"))
    let scene = Scene(timeline: timeline, index: 8, machine: timeline.state(at: 8), theme: .mono)
    func legend(width: Int) -> String {
      var buffer = Buffer(size: Size(width: width, height: 9))
      MemoryGridPane(scene: scene, cursor: nil, focused: false, legend: .drawn).render(in: buffer.area, on: &buffer)
      return buffer.textLines()[7].trimmingCharacters(in: CharacterSet(charactersIn: "│ "))
    }
    #expect(legend(width: 54) == "s source l locked p pinned A anon D device • changed")
    // Too narrow for the words and the changed mark: terser ones, every letter still named.
    #expect(legend(width: 44) == "s src l lock p pin A anon D dev • changed")
    // Too narrow for the mark too: the letters come first.
    #expect(legend(width: 40) == "s src l lock p pin A anon D dev")
    // A narrower grid draws four pages a row, around slot 4's page: only their letters.
    #expect(legend(width: 30) == "s src l lock A anon D dev")
    // Too short for every region to keep its label and a row: the legend moves into the border.
    var buffer = Buffer(size: Size(width: 48, height: 8))
    MemoryGridPane(scene: scene, cursor: nil, focused: false, legend: .drawn).render(in: buffer.area, on: &buffer)
    #expect(buffer.textLines()[7] == "└ s src l lock p pin A anon D dev • changed ───┘")
  }

  @Test func wrappingCutsOnlyWordsWiderThanTheLine() {
    let text = "migrate_vma_collect_pmd installs a migration entry for every page it locks"
    for width in 8...30 {
      let lines = WordWrap.lines(text, width: width)
      #expect(lines.allSatisfy { $0.count <= width }, "width \(width): \(lines)")
      #expect(lines.joined().filter { $0 != " " } == text.filter { $0 != " " }, "no character lost")
      for word in text.split(separator: " ") where word.count <= width {
        #expect(lines.contains { $0.split(separator: " ").contains(word) }, "\(word) whole at width \(width)")
      }
    }
    // A word wider than the line splits after a bracket or comma, else an underscore, in the
    // line's second half; with neither there, at the edge.
    #expect(WordWrap.lines("start(MMU_NOTIFY_MIGRATE, owner", width: 12) == ["start(MMU_", "NOTIFY_", "MIGRATE,", "owner"])
    #expect(WordWrap.lines("invalidate_range_start(MMU_NOTIFY_MIGRATE, owner", width: 30)
              == ["invalidate_range_start(", "MMU_NOTIFY_MIGRATE, owner"])
    #expect(WordWrap.lines("abcdefghijklmnop", width: 6) == ["abcdef", "ghijkl", "mnop"])
  }

  @Test("Wrapping counts terminal columns: a CJK character takes two, so lines of it fit the pane")
  func wrappingCountsColumns() {
    let lines = WordWrap.lines("移動するページ and 中文", width: 6)
    #expect(lines == ["移動す", "るペー", "ジ and", "中文"])
    #expect(lines.allSatisfy { WordWrap.columns($0) <= 6 })
    #expect(WordWrap.lines("中", width: 1) == ["中"], "a wide character still moves on in a one-column line")
  }

  @Test func themesGiveEveryRoleItsOwnCode() {
    let codes = Role.folioRoles.map(\.code)
    #expect(Set(codes).count == codes.count)
    #expect(!codes.contains(Role.plain.code))
    #expect(codes.allSatisfy { $0.isLowercase })
    #expect(Theme.mono.palette.inks.isEmpty)
    #expect(Theme.themeNames.allSatisfy { Theme.named($0) != nil })
  }
}

@Suite struct ScenarioPickerTests {
  @Test func aSummaryCutAtTheEdgeEndsInAnEllipsis() {
    let picker = ScenarioPicker(entries: [
      .init(name: "short", summary: "fits"),
      .init(name: "long", summary: String(repeating: "a summary far too long for the box ", count: 10)),
    ], current: "short")
    var buffer = Buffer(size: Size(width: 80, height: 24))
    picker.render(on: &buffer, theme: .mono)
    let lines = buffer.textLines()
    let long = lines.first { $0.contains(" long ") } ?? ""
    #expect(long.contains("…│"), "\(long)")
    #expect(lines.contains { $0.contains(" short  fits ") && !$0.contains("…") })
  }

  @Test("A wide screen widens the box to the longest summary, and never narrows it below 96 columns")
  func aWideScreenShowsWholeSummaries() {
    let summary = String(repeating: "a long summary ", count: 8) + "end."
    let picker = ScenarioPicker(entries: [.init(name: "short", summary: "fits"), .init(name: "long", summary: summary)],
                                current: "short")
    var wide = Buffer(size: Size(width: 200, height: 24))
    picker.render(on: &wide, theme: .mono)
    #expect(wide.textLines().contains { $0.contains(" long   \(summary)") && !$0.contains("…") }, "\(wide.textLines())")
    var narrow = Buffer(size: Size(width: 120, height: 24))
    let few = ScenarioPicker(entries: [.init(name: "one", summary: "first")], current: "one")
    few.render(on: &narrow, theme: .mono)
    let top = narrow.textLines().first { $0.contains("Open a scenario") } ?? ""
    #expect(top.trimmingCharacters(in: .whitespaces).count == 96, "\(top)")
  }

  @Test func anASCIIThemeLeavesNothingButASCII() {
    let picker = ScenarioPicker(entries: [
      .init(name: "driver-declines", summary: "2 − 1 ≤ 1 ⇒ D1 clears M — “restored” → 0x4049, and a tail long enough to be cut at the edge"),
    ], current: "driver-declines")
    var buffer = Buffer(size: Size(width: 80, height: 24))
    picker.render(on: &buffer, theme: Theme.mono.ascii())
    let text = buffer.textLines().joined(separator: "\n")
    let foreign = text.filter { !$0.isASCII }
    #expect(foreign.isEmpty, "\(foreign)")
    #expect(text.contains("2 - 1 < 1 > D1 clears M - \"restored\" > 0x4049, and a ta.|"))
    #expect(text.contains("Open a scenario (type to filter, ^v Enter, Esc)"))
  }

  @Test func theScreenAroundTheBoxIsCleared() {
    let picker = ScenarioPicker(entries: [.init(name: "one", summary: "first"), .init(name: "two", summary: "second")],
                                current: "one")
    var buffer = Buffer(size: Size(width: 80, height: 24))
    for row in 0..<24 { buffer.put(String(repeating: "▶", count: 80), x: 0, y: row, style: Style.plain, limit: 80) }
    picker.render(on: &buffer, theme: .mono)
    #expect(!buffer.textLines().joined().contains("▶"), "nothing of the screen underneath shows beside the list")
  }
}
