import TerminalCanvas

extension Viewer {
  /// The projector screen: header, timeline bar, a wide-celled memory grid, the migrate arrays
  /// beside the page tables, and the caption; the help overlay on `?`. Same state, fewer and
  /// larger things.
  func renderPresent() -> Buffer {
    var buffer = Buffer(size: size)
    let scene = self.scene
    let layout = presentLayout
    HeaderPane(
      scene: scene, playing: playing, speed: printed ? nil : speedLabel, waitingForClick: waitingForClick, namesStep: false
    ).render(
      in: layout.header, on: &buffer)
    TimelineBar(summary: summary, index: index, theme: theme).render(in: layout.bar, on: &buffer)
    // The pointer marks the step's own page (the legend says "this step"), never a page of
    // interest picked for a step about none.
    MemoryGridPane(
      scene: scene, cursor: pfnCursor ?? step.pfn, focused: false, legend: .drawn, wideCells: true
    )
    .render(in: layout.grid, on: &buffer)
    MigrateArraysPane(scene: scene, cursor: currentSlot, focused: false, perFolio: perFolio)
      .render(in: layout.arrays, on: &buffer)
    // No cursor of its own here (the arrows scroll the caption): the changed entry leads.
    PageTablesPane(scene: scene, slotCursor: currentSlot, cursor: -1, focused: false)
      .render(in: layout.pageTables, on: &buffer)
    // A recording pages a long caption itself, so "the full text follows" holds there too.
    CaptionBar(scene: scene, scroll: captionScroll, printed: printed || recorded).render(in: layout.caption, on: &buffer)
    // No footer here: what is typed after `g` or `/` shows in the header instead.
    if pendingJump != nil || pendingSearch != nil {
      buffer.fill(layout.header)
      FooterPane(pendingJump: pendingJump, search: pendingSearch).render(in: layout.header, on: &buffer)
    }
    if let notice {
      buffer.fill(layout.header)
      buffer.put(notice, x: 0, y: 0, style: Style(.failed, bold: true), limit: size.width)
    }
    return buffer
  }

  /// The projector layout at this size, its caption as tall as the run needs (up to its cap).
  var presentLayout: PresentLayout {
    let captionHeight = CaptionBar.steadyHeight(in: timeline, width: size.width, cap: PresentLayout.captionCap(size))
    let gridHeight = MemoryGridPane.drawnLegendHeight(machine: machine, width: size.width, wideCells: true)
    return PresentLayout(size: size, captionHeight: captionHeight, gridHeight: gridHeight)
  }

  /// How many captions' worth the current step's text takes in the projector layout (1 when it
  /// fits): a recording shows each in turn, since its viewer cannot scroll.
  public var captionPages: Int {
    let inner = presentLayout.caption.inset(by: 1)
    guard presenting, inner.height > 0 else { return 1 }
    let lines = CaptionBar.lines(of: step, in: timeline, width: inner.width).count
    return max(1, (lines + inner.height - 1) / inner.height)
  }

  /// Shows page `page` (from 0) of the current step's caption.
  public mutating func showCaption(page: Int) {
    captionScroll = page * max(1, presentLayout.caption.inset(by: 1).height)
  }
}
