import FolioModel
import FolioScenario
import TerminalCanvas
import Testing

@testable import FolioViews

@Suite struct ViewerTests {
  static let v7 = Fixtures.timeline(kernel: .v7_0)
  static let v68 = Fixtures.timeline(kernel: .v6_8)

  static func viewer(width: Int = 120, height: Int = 40) -> Viewer {
    Viewer(timeline: v7, size: Size(width: width, height: height), theme: .dark) {
      $0 == .v6_8 ? v68 : nil
    }
  }

  static func press(_ viewer: inout Viewer, _ keys: Key...) {
    for key in keys { _ = viewer.handle(.key(key)) }
  }

  @Test("q closes the help and the full explanation, as it leaves a pager; only a second q quits")
  func qClosesAnOverlayBeforeItQuits() {
    var viewer = Self.viewer()
    for (open, isOpen) in [("?", { (v: Viewer) in v.helpVisible }), ("e", { (v: Viewer) in v.explanationVisible })] {
      Self.press(&viewer, .character(Character(open)))
      #expect(isOpen(viewer))
      #expect(viewer.handle(.key(.character("q"))) == .continue)
      #expect(!isOpen(viewer))
    }
    #expect(viewer.handle(.key(.character("q"))) == .quit)
  }

  @Test(arguments: [1, 3, 7, 19])
  func stepsForwardThenBackGiveTheSameScreen(count: Int) {
    var viewer = Self.viewer()
    Self.press(&viewer, .right, .right)
    let before = viewer.render()
    for _ in 0..<count { Self.press(&viewer, .character("l")) }
    #expect(viewer.index == min(2 + count, viewer.lastIndex))
    for _ in 0..<count { Self.press(&viewer, .character("h")) }
    #expect(viewer.index == 2)
    #expect(viewer.render() == before)
    #expect(viewer.machine == Self.v7.state(at: 2))
  }

  @Test func phaseKeysLandOnPhaseStarts() {
    var viewer = Self.viewer()
    let starts = Self.v7.phaseStarts
    for start in starts.dropFirst() {
      Self.press(&viewer, .pageDown)
      #expect(viewer.index == start)
    }
    Self.press(&viewer, .character("n"))
    #expect(viewer.index == viewer.lastIndex)
    // The last phase run (done) starts at the last step, so one back lands on the run before it.
    #expect(starts.last == viewer.lastIndex)
    Self.press(&viewer, .pageUp)
    #expect(viewer.index == starts[starts.count - 2])
    Self.press(&viewer, .character("N"), .character("N"))
    #expect(viewer.index == starts[starts.count - 4])
    Self.press(&viewer, .end)
    #expect(viewer.index == viewer.lastIndex)
    Self.press(&viewer, .home)
    #expect(viewer.index == 0)
  }

  @Test func gDigitsEnterJumps() {
    var viewer = Self.viewer()
    Self.press(&viewer, .character("g"), .character("1"), .character("2"))
    #expect(viewer.pendingJump == "12")
    #expect(viewer.render().textLines().last?.hasPrefix("go to step: 12") == true)
    Self.press(&viewer, .enter)
    #expect(viewer.index == 12)
    #expect(viewer.pendingJump == nil)
    #expect(viewer.machine == Self.v7.state(at: 12))
    Self.press(&viewer, .character("g"), .character("3"), .escape)
    #expect(viewer.index == 12)
    Self.press(&viewer, .character("g"), .character("9"), .character("9"), .character("9"), .enter)
    #expect(viewer.index == viewer.lastIndex)
    #expect(viewer.render().textLines().joined().contains("No step 999: the last is \(viewer.lastIndex)."))
  }

  @Test func helpToggles() {
    var viewer = Self.viewer()
    let plain = viewer.render()
    Self.press(&viewer, .character("?"))
    let help = viewer.render().textLines().joined(separator: "\n")
    #expect(help.contains("Keys"))
    for (key, _) in KeyHelp.all { #expect(help.contains(key)) }
    Self.press(&viewer, .right)
    #expect(viewer.index == 0)
    Self.press(&viewer, .character("?"))
    #expect(viewer.render() == plain)
  }

  @Test func eShowsTheWholeExplanationThePaneCutsShort() throws {
    // mixed-eight's texts are long enough that an 80x24 pane cuts some short.
    let timeline = Simulation.run(try BuiltinScenarios.load("mixed-eight"))
    var viewer = Viewer(timeline: timeline, size: Size(width: 80, height: 24), theme: .dark) { _ in nil }
    var pane = viewer.render().textLines().joined(separator: "\n")
    while !pane.contains("more line: press e") && !pane.contains("more lines: press e"), viewer.index < timeline.count - 1 {
      Self.press(&viewer, .right)
      pane = viewer.render().textLines().joined(separator: "\n")
    }
    #expect(pane.contains(": press e"))
    let index = viewer.index
    Self.press(&viewer, .character("e"))
    let overlay = viewer.render().textLines().joined(separator: "\n")
    #expect(overlay.contains("What happens · step \(index)"))
    let lastWord = try #require(viewer.scene.step.text.split(separator: " ").last)
    #expect(overlay.contains(lastWord), "the end of the step's text is on screen")
    Self.press(&viewer, .right)
    #expect(viewer.index == index, "keys other than e, Esc and q do nothing while it is open")
    Self.press(&viewer, .escape)
    #expect(viewer.render().textLines().joined(separator: "\n") == pane)
  }

  @Test("A page-table row is inspected as an entry: its level, kind and bits, then the page it maps, if any")
  func aPageTableRowIsInspectedAsAnEntry() throws {
    var viewer = Self.viewer()
    Self.press(&viewer, .tab)
    #expect(viewer.focus == .pageTables)
    let rows = viewer.pageTableRows
    let empty = try #require(rows.firstIndex { $0.address != nil && $0.pfn == nil })
    let mapped = try #require(rows.firstIndex { $0.pfn != nil })
    while viewer.currentRow < empty { Self.press(&viewer, .down) }
    while viewer.currentRow > empty { Self.press(&viewer, .up) }
    let emptyAddress = try #require(rows[empty].address)
    #expect(viewer.inspected == .entry(process: rows[empty].process, address: emptyAddress))
    #expect(viewer.render().textLines().joined(separator: "\n").contains("A \(MigratePFN.hex(emptyAddress)) PTE: none"))
    #expect(!viewer.render().textLines().joined(separator: "\n").contains("bits:"), "pte_none has no bits to list")
    while viewer.currentRow < mapped { Self.press(&viewer, .down) }
    while viewer.currentRow > mapped { Self.press(&viewer, .up) }
    let screen = viewer.render().textLines().joined(separator: "\n")
    #expect(screen.contains("pfn \(MigratePFN.hex(try #require(rows[mapped].pfn))) (System RAM, normal)"), "\(screen)")
    #expect(!screen.contains("bits:"), "the row's letters say it all")
  }

  @Test("An entry with a bit the row's W D Y letters leave out lists every bit by name")
  func softDirtyIsSpelledOut() throws {
    let scenario = Scenario(
      name: "sd", title: "sd", memory: PhysicalMemory(system: PfnRange(start: 0x100, count: 4)), folios: [FolioSpec(pfn: 0x100)],
      processes: [ProcessSpec(name: "A", vmas: [VMASpec(start: 0x7f00_0000_0000, pages: 1, mappings: [
        MappingSpec(page: 0, entry: .present, pfn: 0x100, write: true, softDirty: true),
      ])])],
      calls: [.cpuFault(process: "A", address: 0x7f00_0000_0000, write: false, driver: DriverSpec())])
    var viewer = Viewer(timeline: Simulation.run(scenario), size: Size(width: 120, height: 40), theme: .dark) { _ in nil }
    Self.press(&viewer, .tab)
    while viewer.currentRow < (viewer.pageTableRows.firstIndex { $0.pfn != nil } ?? 0) { Self.press(&viewer, .down) }
    let screen = viewer.render().textLines().joined(separator: "\n")
    #expect(screen.contains("bits: write soft_dirty"), "\(screen)")
  }

  @Test("A zero-page entry's soft-dirty and uffd-wp bits are spelled out too")
  func zeroPageBitsAreSpelledOut() throws {
    let scenario = Scenario(
      name: "zero", title: "zero", memory: PhysicalMemory(system: PfnRange(start: 0x100, count: 4)), folios: [],
      processes: [ProcessSpec(name: "A", vmas: [VMASpec(start: 0x7f00_0000_0000, pages: 1, mappings: [
        MappingSpec(page: 0, entry: .zero, softDirty: true, uffdWp: true),
      ])])],
      calls: [.cpuFault(process: "A", address: 0x7f00_0000_0000, write: false, driver: DriverSpec())])
    var viewer = Viewer(timeline: Simulation.run(scenario), size: Size(width: 120, height: 40), theme: .dark) { _ in nil }
    Self.press(&viewer, .tab)
    let screen = viewer.render().textLines().joined(separator: "\n")
    #expect(screen.contains("bits: soft_dirty uffd_wp"), "\(screen)")
  }

  @Test("A recording's frames have no key footer and no key hints, since nobody can press a key in one")
  func recordedFramesHaveNoKeys() throws {
    var viewer = Self.viewer(width: 80, height: 24)
    let live = try #require((0..<viewer.timeline.count).first { index in
      viewer.show(step: index)
      return viewer.render().textLines().joined(separator: "\n").contains(": press e")
    })
    #expect(viewer.render().textLines().last?.contains("q quit") == true)
    viewer.recorded = true
    viewer.show(step: live)
    let frame = viewer.render().textLines()
    #expect(!frame.joined(separator: "\n").contains("press e") && frame.joined().contains("more line"))
    #expect(frame.last?.trimmingCharacters(in: .whitespaces).isEmpty == true, "no footer: \(frame.last ?? "")")
  }

  @Test func tooSmallThenRecovers() {
    var viewer = Self.viewer()
    _ = viewer.handle(.resize(Size(width: 60, height: 20)))
    let small = viewer.render().textLines().joined(separator: "\n")
    #expect(small.contains("needs at least 80×24"))
    #expect(small.contains("have 60×20"))
    _ = viewer.handle(.resize(Size(width: 80, height: 24)))
    let text = viewer.render().textLines()
    #expect(!text.joined().contains("needs at least"))
    #expect(text[0].contains("step 0 / 21"))
    #expect(viewer.handle(.key(.character("q"))) == .quit)
  }

  @Test func quitRedrawAndPickScenario() {
    var viewer = Self.viewer()
    #expect(viewer.handle(.key(.control("c"))) == .quit)
    #expect(viewer.handle(.key(.control("l"))) == .redraw)
    #expect(viewer.handle(.key(.character("s"))) == .pickScenario)
    #expect(viewer.handle(.key(.right)) == .continue)
  }

  @Test func playAdvancesOnTicksAtTheChosenSpeed() {
    var viewer = Self.viewer()
    Self.press(&viewer, .character(" "))
    // 1 step per second: ten 100 ms ticks per step.
    for _ in 0..<9 { _ = viewer.handle(.tick) }
    #expect(viewer.index == 0)
    _ = viewer.handle(.tick)
    #expect(viewer.index == 1)
    Self.press(&viewer, .character("+"))
    #expect(viewer.render().textLines()[0].contains("playing 2/s"))
    Self.press(&viewer, .character(" "))
    for _ in 0..<40 { _ = viewer.handle(.tick) }
    #expect(viewer.index == 1)
  }

  @Test func kernelSwitchKeepsTheStep() throws {
    var viewer = Self.viewer()
    Self.press(&viewer, .pageDown, .pageDown, .right, .right)
    #expect(viewer.step.phase == .collect)
    let before = viewer.step
    Self.press(&viewer, .character("k"))
    #expect(viewer.timeline.kernel == .v6_8)
    // The same step of collect, where v6.8 has it too.
    #expect(viewer.step.phase == .collect)
    #expect(viewer.step.function == before.function && viewer.step.label == before.label && viewer.step.slot == before.slot)
    #expect(viewer.render().textLines()[0].contains("v6.8"))
    // The same step at another number, and mixed-eight's narration is written for v7.0 only:
    // both are worth saying.
    #expect(viewer.notice == "v6.8 takes this step as its step \(viewer.index). "
      + "The narration is written for v7.0; v6.8 shows the kernel's text only.")
    #expect(viewer.index != before.index)
    Self.press(&viewer, .character("k"))
    #expect(viewer.timeline.kernel == .v7_0)
    #expect(viewer.index == before.index, "k k comes back to the same step")
    #expect(viewer.notice == "v7.0 takes this step as its step \(before.index).", "back on the narrated kernel")
  }

  @Test("At 80x24, e shows the inspector's whole text under the explanation, and c says the code pane needs 120x40")
  func smallScreenShowsAllThroughE() {
    var viewer = Self.viewer(width: 80, height: 24)
    Self.press(&viewer, .character("g"), .character("8"), .enter)
    #expect(viewer.render().textLines().contains { $0.contains("more lines: press e") })
    Self.press(&viewer, .character("e"))
    let overlay = viewer.render().textLines().joined(separator: "\n")
    #expect(overlay.contains("Inspector") && overlay.contains("refcount"), "\(overlay)")
    Self.press(&viewer, .escape, .character("c"))
    #expect(viewer.notice == "The code pane needs a 120×40 terminal; this one is 80×24.")
  }

  @Test("k says so when the other kernel has no such step: it lands on its step about the slot, or the phase's start")
  func kernelSwitchSaysWhenItMoves() throws {
    let scenario = try BuiltinScenarios.load("mthp-pte-mapped")
    let (v7, v68) = (Simulation.run(scenario, kernel: .v7_0), Simulation.run(scenario, kernel: .v6_8))
    var viewer = Viewer(timeline: v7, size: Size(width: 120, height: 40), theme: .dark) { $0 == .v6_8 ? v68 : nil }
    // v7.0 splits the mTHP at collect; v6.8 skips it, so that step has no v6.8 counterpart.
    let split = try #require(v7.steps.first { $0.function == "migrate_vma_split_folio" })
    viewer.show(step: split.index)
    Self.press(&viewer, .character("k"))
    #expect(viewer.timeline.kernel == .v6_8 && viewer.step.phase == .collect)
    #expect(viewer.notice == "v6.8 takes no such step: showing the start of its collect phase.")
    // A step about a slot lands on the other kernel's step about that slot: v6.8 skips the
    // mTHP page by page where v7.0 migrates it.
    Self.press(&viewer, .character("k"))
    let collected = try #require(v7.steps.first { $0.phase == .collect && $0.slot == 3 })
    viewer.show(step: collected.index)
    Self.press(&viewer, .character("k"))
    #expect(viewer.timeline.kernel == .v6_8 && viewer.step.phase == .collect && viewer.step.slot == 3)
    #expect(viewer.step.label != collected.label)
    #expect(viewer.notice == "v6.8 takes no such step: showing its collect step about slot 3.")
  }

  @Test("k from a step about a page outside any slot lands on the other kernel's step about that page")
  func kernelSwitchFollowsASlotlessPage() throws {
    let scenario = try BuiltinScenarios.load("thp-split")
    let (v7, v68) = (Simulation.run(scenario, kernel: .v7_0), Simulation.run(scenario, kernel: .v6_8))
    var viewer = Viewer(timeline: v7, size: Size(width: 120, height: 40), theme: .dark) { $0 == .v6_8 ? v68 : nil }
    // Both kernels split THP 0x200 before the PTE loop, in differently named functions.
    let split = try #require(v7.steps.first { $0.function == "migrate_vma_collect_huge_pmd" && $0.slot == nil })
    viewer.show(step: split.index)
    Self.press(&viewer, .character("k"))
    #expect(viewer.timeline.kernel == .v6_8)
    #expect(viewer.step.function == "migrate_vma_collect_pmd" && viewer.step.slot == nil && viewer.step.pfn == split.pfn)
    #expect(viewer.notice == "v6.8 takes no such step: showing its collect step about 0x200.")
  }

  /// v7.0's fault in fault-on-locked-page sleeps, so its migrate_to_ram is v7.0's second call;
  /// v6.8's refaults, and the attempt that moves the page is its third: k goes to the same
  /// call's step, not to the other call at that position.
  @Test func kernelSwitchFollowsTheCallNotItsPosition() throws {
    let scenario = try BuiltinScenarios.load("fault-on-locked-page")
    let (v7, v68) = (Simulation.run(scenario, kernel: .v7_0), Simulation.run(scenario, kernel: .v6_8))
    var viewer = Viewer(timeline: v7, size: Size(width: 120, height: 40), theme: .dark) { $0 == .v6_8 ? v68 : nil }
    let faultCollect = try #require(v7.steps.first { $0.phase == .collect && $0.call == 1 && $0.slot == 0 })
    viewer.show(step: faultCollect.index)
    Self.press(&viewer, .character("k"))
    #expect(viewer.timeline.kernel == .v6_8)
    #expect(viewer.step.phase == .collect && viewer.step.call == 2 && viewer.step.slot == 0)
    #expect(viewer.step.function == "migrate_vma_collect_pmd", "the fault page's collect, not the hole's")
  }

  @Test func cursorMovesInTheFocusedPaneAndEnterFollowsToThePage() throws {
    var viewer = Self.viewer()
    Self.press(&viewer, .character("g"), .character("1"), .character("1"), .enter)
    #expect(viewer.currentSlot == 7)
    Self.press(&viewer, .up, .up, .up, .up)
    #expect(viewer.focus == .arrays)
    #expect(viewer.currentSlot == 3)
    #expect(viewer.inspected == .slot(call: 0, slot: 3))
    Self.press(&viewer, .enter)
    #expect(viewer.focus == .memory)
    // Slot 3's src is 0x104: the folio's head.
    #expect(viewer.currentPfn == 0x104)
    let buffer = viewer.render()
    let cursor = try #require(buffer.cursor)
    #expect(buffer[cursor.x, cursor.y].style.reverse)
    #expect(buffer[cursor.x, cursor.y].symbol == "A")
    Self.press(&viewer, .tab, .tab)
    #expect(viewer.focus == .pageTables)
    Self.press(&viewer, .tab)
    #expect(viewer.focus == .memory)
  }

  @Test func viewAndCodeToggles() {
    var viewer = Self.viewer()
    Self.press(&viewer, .character("v"))
    #expect(viewer.render().textLines().joined().contains("Migrate arrays by folio"))
    #expect(viewer.render().textLines().joined().contains("start() · v7.0"))
    Self.press(&viewer, .character("c"))
    #expect(!viewer.render().textLines().joined().contains("start() · v7.0"))
  }

  @Test func layoutTiersDegradeInOrder() {
    #expect(LayoutTier(Size(width: 120, height: 40)) == .full)
    #expect(LayoutTier(Size(width: 119, height: 40)) == .noCode)
    #expect(LayoutTier(Size(width: 95, height: 28)) == .noLegend)
    #expect(LayoutTier(Size(width: 80, height: 24)) == .collapsed)
    #expect(LayoutTier(Size(width: 79, height: 24)) == .tooSmall)
    #expect(Layout(size: Size(width: 120, height: 40), codeVisible: true).code != nil)
    #expect(Layout(size: Size(width: 110, height: 35), codeVisible: true).code == nil)
  }

  @Test("At 80x24 the explanation shows six lines of text; the page tables two entries, the inspector five lines")
  func smallestLayoutFavoursTheExplanation() {
    let layout = Layout(size: Size(width: 80, height: 24), codeVisible: true)
    #expect(layout.explanation.height - 2 == 7, "six lines of text and the '… more' line")
    #expect(layout.pageTables.height == 5 && layout.inspector.height == 7)
    #expect(layout.explanation.height + layout.pageTables.height + layout.inspector.height == 21)
  }

  @Test func footerFitsEightyColumns() {
    var buffer = Buffer(size: Size(width: 200, height: 1))
    FooterPane(pendingJump: nil).render(in: buffer.area, on: &buffer)
    #expect((buffer.textLines().first ?? "").count <= 80)
  }

  @Test(arguments: [(80, 24), (120, 40)])
  func fullScreenGoldens(width: Int, height: Int) throws {
    var viewer = Self.viewer(width: width, height: height)
    for step in [2, 11, 16] {
      Self.press(&viewer, .character("g"))
      for digit in String(step) { Self.press(&viewer, .character(digit)) }
      Self.press(&viewer, .enter)
      try Golden.expect(viewer.render(), named: "screen-\(width)x\(height)-step\(step)")
    }
  }

  @Test func asciiThemeDrawsNoUnicode() {
    var viewer = Viewer(
      timeline: Self.v7, size: Size(width: 120, height: 40), theme: Theme.mono.ascii())
    Self.press(&viewer, .pageDown, .pageDown, .right)
    let text = viewer.render().textLines().joined()
    #expect(text.unicodeScalars.allSatisfy { $0.isASCII })
    #expect(text.contains("+-"))
  }
}
