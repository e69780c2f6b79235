import FolioModel
import TerminalCanvas
import Testing

@testable import FolioViews

/// The projector layout: grid, arrays and caption, wide cells, no footer, keys on `?`.
@Suite struct PresentTests {
  static let timeline = Fixtures.timeline()

  static func viewer(width: Int, height: Int, step: Int) -> Viewer {
    var viewer = Viewer(
      timeline: timeline, size: Size(width: width, height: height), theme: .contrast)
    viewer.presenting = true
    viewer.show(step: step)
    return viewer
  }

  /// The inside text of the caption box (the last box on screen), one string per row.
  static func captionRows(_ lines: [String]) -> [String] {
    guard let top = lines.lastIndex(where: { $0.hasPrefix("┌") }) else { return [] }
    return lines[(top + 1)..<(lines.count - 1)].map {
      String($0.dropFirst().dropLast()).trimmingCharacters(in: .whitespaces)
    }
  }

  static func words(_ text: String) -> [Substring] { text.split(whereSeparator: \.isWhitespace) }

  @Test(arguments: [(80, 24), (120, 40)])
  func captionShowsExplanationThenNarrationInWholeWords(width: Int, height: Int) {
    let collect = Self.timeline.phaseStarts[2]
    let viewer = Self.viewer(width: width, height: height, step: collect)
    let lines = viewer.render().textLines()
    let step = Self.timeline[collect]
    let narration = "The page walk fills src: one migrate-pfn per page, holes included."
    let shown = Self.captionRows(lines).flatMap { Self.words($0) }
    // The step's text (the fact) first, the narration (the comment) after, as in the working layout.
    #expect(shown == Self.words(step.text) + Self.words(narration))
    let captionLines = CaptionBar.lines(of: step, in: Self.timeline, width: 60)
    #expect(captionLines.first?.1 == .plain && captionLines.last?.1 == Style(.heading))
    #expect(lines.last?.contains("? keys") == true)
    #expect(!lines.contains { $0.contains("Space play") }, "no footer in the projector layout")
    #expect(
      lines[lines.count - Self.captionRows(lines).count - 2].contains(
        "collect · migrate_vma_collect_pmd"))
  }

  @Test("Enter in the projector layout holds no cursor: the grid's pointer keeps following the step")
  func enterHoldsNoCursor() {
    var viewer = Self.viewer(width: 80, height: 24, step: 4)
    _ = viewer.handle(.key(.enter))
    #expect(viewer.pfnCursor == nil && viewer.notice == nil)
    _ = viewer.handle(.key(.right))
    #expect(viewer.pfnCursor == nil)
  }

  @Test("On a big screen the grid is as tall as its regions and legend, no taller: the arrays get the rest")
  func gridIsNoTallerThanItsContent() throws {
    let lines = Self.viewer(width: 160, height: 50, step: 16).render().textLines()
    let top = try #require(lines.firstIndex { $0.hasPrefix("┌ Memory") })
    let bottom = try #require(lines[top...].firstIndex { $0.hasPrefix("└") })
    let inside = lines[(top + 1)..<bottom].map { $0.dropFirst().dropLast().trimmingCharacters(in: .whitespaces) }
    #expect(!inside.contains(""), "\(inside)")
    #expect(inside.last?.contains("changed") == true, "the legend closes the grid")
  }

  @Test func gridCellsAreWideSolidBlocks() {
    let viewer = Self.viewer(width: 120, height: 40, step: 0)
    let buffer = viewer.render()
    let row = buffer.textLines().first { $0.hasPrefix("│0x100") } ?? ""
    // 0x100 is a lone anon page: " A   " as a reversed block, then a free page.
    #expect(row.hasPrefix("│0x100  A     ·     ·     ·     A   ═ A   ═ A   ═ A     ·"))
    let y = buffer.textLines().firstIndex { $0.hasPrefix("│0x100") } ?? 0
    #expect(buffer[7, y].style.reverse && buffer[7, y].style.role == .anon)
    #expect(!buffer[13, y].style.reverse)
  }

  @Test func longCaptionsScrollByWholeLines() {
    // The explanation (2 lines), a gap and the narration (2 lines) do not fit 4 rows of 38 columns.
    var viewer = Self.viewer(width: 80, height: 24, step: Self.timeline.phaseStarts[2])
    var buffer = Buffer(size: Size(width: 40, height: 6))
    CaptionBar(scene: viewer.scene, scroll: 0).render(in: buffer.area, on: &buffer)
    #expect(buffer.textLines()[1].hasPrefix("│Slot 0: trylock 0x100, install a"))
    #expect(buffer.textLines().last?.contains("↓ more") == true)
    var scrolled = Buffer(size: Size(width: 40, height: 6))
    CaptionBar(scene: viewer.scene, scroll: 99).render(in: scrolled.area, on: &scrolled)
    #expect(scrolled.textLines()[1].hasPrefix("│migration entry."))
    #expect(scrolled.textLines()[4].hasPrefix("│migrate-pfn per page, holes included."))
    #expect(scrolled.textLines().last?.contains("↑") == true)
    #expect(scrolled.textLines().last?.contains("more") == false)
    _ = viewer.handle(InputEvent.key(.down))
    #expect(viewer.captionScroll == 1)
    _ = viewer.handle(InputEvent.key(.right))
    #expect(viewer.captionScroll == 0)
  }

  @Test(arguments: [(0, 0), (1, 1), (3, 2)])
  func captionRendersInTinyAreas(width: Int, height: Int) {
    let viewer = Self.viewer(width: 80, height: 24, step: 1)
    var buffer = Buffer(size: Size(width: width, height: height))
    CaptionBar(scene: viewer.scene, scroll: 3).render(in: buffer.area, on: &buffer)
    #expect(buffer.size == Size(width: width, height: height))
  }

  @Test("] in talk mode follows the shown step's slot to its next step, and stays on it")
  func bracketFollowsTheSlot() throws {
    let start = try #require(Self.timeline.steps.first { $0.slot == 1 })
    var viewer = Self.viewer(width: 80, height: 24, step: start.index)
    _ = viewer.handle(.key(.character("]")))
    let expected = Self.timeline.step(from: start.index, forward: true, concerning: .slot(1, call: start.call))
    #expect(expected != nil && viewer.index == expected)
    #expect(viewer.currentSlot == 1)
  }

  @Test("The projector layout shows the page tables beside the arrays, the changed entry first", arguments: [(80, 24), (100, 30)])
  func pageTablesBesideTheArrays(width: Int, height: Int) throws {
    let changed = try #require(Self.timeline.steps.first { $0.changes.contains { if case .pte = $0 { true } else { false } } })
    let lines = Self.viewer(width: width, height: height, step: changed.index).render().textLines()
    let header = try #require(lines.first { $0.contains("┌ Page tables") })
    #expect(header.contains("┌ Migrate arrays"), "one row: \(header)")
    #expect(lines.contains { $0.contains("•0x7f") }, "the changed entry is marked and shown")
  }

  @Test("c in the projector layout says where the code is, at any size, and toggles nothing", arguments: [(80, 24), (160, 50)])
  func codeKeySaysWhereTheListingIs(width: Int, height: Int) {
    var viewer = Self.viewer(width: width, height: height, step: 3)
    let before = viewer.render()
    _ = viewer.handle(.key(.character("c")))
    let header = viewer.render().textLines().first ?? ""
    #expect(header.hasPrefix("No code pane in --present: run without --present at 120×40, or trace --brief."))
    #expect(viewer.codeVisible)
    _ = viewer.handle(.key(.character("c")))
    #expect(viewer.codeVisible, "a second c still toggles nothing")
    _ = viewer.handle(.key(.escape))
    #expect(viewer.render() == before, "the next key clears the notice")
  }

  @Test func helpNamesTheClickerKeysInTalkMode() {
    var viewer = Self.viewer(width: 80, height: 24, step: 1)
    viewer.pauseAtPhases = true
    _ = viewer.handle(.key(.character("?")))
    let text = viewer.render().textLines().joined(separator: "\n")
    #expect(text.contains("PgUp b"))
    #expect(text.contains("scroll the caption"))
    #expect(text.contains("previous / next step about this step's slot"))
    #expect(text.contains("q Ctrl-C"))
    #expect(!text.contains("focus next / previous pane"))
  }

  /// Pausing at phases swaps PgDn and PgUp for the clicker's meanings; n and N still jump a
  /// phase, and every row, down to quitting, fits the smallest screen in every mode.
  @Test(arguments: [(false, false), (false, true), (true, false), (true, true)])
  func helpListsEveryKeyOfItsModeAt80x24(presenting: Bool, pauseAtPhases: Bool) {
    var viewer = Self.viewer(width: 80, height: 24, step: 1)
    viewer.presenting = presenting
    viewer.pauseAtPhases = pauseAtPhases
    _ = viewer.handle(.key(.character("?")))
    let rows = viewer.render().textLines()
    let keys = KeyHelp.keys(presenting: presenting, pauseAtPhases: pauseAtPhases)
    for (key, meaning) in keys {
      #expect(rows.contains { $0.contains(key) && $0.contains(meaning) }, "\(key) \(meaning)")
    }
    let phaseKeys = keys.filter { $0.1.hasSuffix("phase") }.flatMap { $0.0.split(separator: " ") }
    #expect(phaseKeys.contains("n") && phaseKeys.contains("N"), "n and N jump a phase in every mode")
  }

  @Test(arguments: [(80, 24), (100, 30), (120, 40)])
  func aFailedStepMarksItsSlotInTheNarrowArraysPane(width: Int, height: Int) throws {
    let failed = try #require(Self.timeline.steps.first { $0.failed && $0.slot != nil })
    let lines = Self.viewer(width: width, height: height, step: failed.index).render().textLines()
    let slot = try #require(failed.slot)
    #expect(lines.contains { $0.hasPrefix("│✗\(slot) ") }, "the pointer is the failure mark when ✗ failed has no room")
    #expect(!lines.contains { $0.hasPrefix("│▶\(slot) ") })
  }

  @Test(arguments: [(80, 24), (100, 30)])
  func panesKeepTheirPlaceFromStepToStep(width: Int, height: Int) {
    // The caption is as tall as the run's tallest, so the boxes above it never move.
    let tops = Self.timeline.steps.indices.map { step in
      Self.viewer(width: width, height: height, step: step).render().textLines().lastIndex { $0.hasPrefix("┌") }
    }
    #expect(Set(tops).count == 1, "caption tops: \(Set(tops))")
    let heights = Self.timeline.steps.indices.map { CaptionBar.height(of: Self.timeline[$0], in: Self.timeline, width: width) }
    #expect(Set(heights).count > 1, "the fixture's steps want captions of different heights")
  }
}
