import TerminalCanvas

extension Viewer {
  /// The projector screen: header, timeline bar, a wide-celled memory grid, the migrate arrays
  /// beside the page tables, and the caption; the help overlay on `?`. Same state, fewer and
  /// larger things.
  func renderPresent() -> Buffer {
    var buffer = Buffer(size: size)
    let scene = self.scene
    let captionHeight = CaptionBar.steadyHeight(in: timeline, width: size.width, cap: PresentLayout.captionCap(size))
    let layout = PresentLayout(size: size, captionHeight: captionHeight)
    HeaderPane(
      scene: scene, playing: playing, speed: printed ? nil : speedLabel, waitingForClick: waitingForClick
    ).render(
      in: layout.header, on: &buffer)
    TimelineBar(summary: summary, index: index, theme: theme).render(in: layout.bar, on: &buffer)
    MemoryGridPane(
      scene: scene, cursor: currentPfn, focused: false, legend: .drawn, wideCells: true
    )
    .render(in: layout.grid, on: &buffer)
    MigrateArraysPane(scene: scene, cursor: currentSlot, focused: false, perFolio: perFolio)
      .render(in: layout.arrays, on: &buffer)
    // No cursor of its own here (the arrows scroll the caption): the changed entry leads.
    PageTablesPane(scene: scene, slotCursor: currentSlot, cursor: -1, focused: false)
      .render(in: layout.pageTables, on: &buffer)
    CaptionBar(scene: scene, scroll: captionScroll, printed: printed).render(in: layout.caption, on: &buffer)
    if let notice {
      buffer.fill(layout.header)
      buffer.put(notice, x: 0, y: 0, style: Style(.failed, bold: true), limit: size.width)
    }
    return buffer
  }
}
