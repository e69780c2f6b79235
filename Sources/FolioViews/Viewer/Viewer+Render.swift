import FolioModel
import TerminalCanvas

extension Viewer {
  /// The moment shown, for the panes.
  public var scene: Scene {
    Scene(timeline: timeline, index: index, machine: machine, theme: theme, changesFrom: changesMarkedFrom)
  }

  /// The pfn under the grid's cursor: the one the user chose, else the step's, else the first
  /// page of interest (the current call's, or the first in use).
  public var currentPfn: PFN? { pfnCursor ?? step.pfn ?? scene.pageOfInterest ?? machine.frames.first?.pfn }

  /// The slot under the arrays' cursor: the one the user chose, else the step's, else 0.
  public var currentSlot: Int { slotCursor ?? step.slot ?? 0 }

  /// The page-table row under the cursor: the user's, else the first changed entry, else the first entry.
  var currentRow: Int { currentRow(in: pageTableRows) }

  /// `currentRow` among `rows` already laid out (a frame lays them out once: the layout
  /// measures the step's text and entries).
  func currentRow(in rows: [PageTableRow]) -> Int {
    rowCursor ?? rows.firstIndex(where: \.changed) ?? rows.firstIndex { $0.address != nil } ?? 0
  }

  /// The layout at this size, the right column split by what this step's panes hold.
  var layout: Layout {
    let scene = self.scene
    let slot = currentSlot
    let scroll = pageTableScroll
    let demand = ColumnDemand(
      explanation: { ExplanationPane.lines(of: scene, width: $0).count },
      pageTables: { PageTableRow.rows(scene: scene, slotCursor: slot, height: $0, scroll: scroll).count })
    return Layout(size: size, codeVisible: codeVisible, demand: demand)
  }

  var pageTableRows: [PageTableRow] { pageTableRows(in: layout) }

  func pageTableRows(in layout: Layout) -> [PageTableRow] {
    PageTableRow.rows(
      scene: scene, slotCursor: currentSlot, height: layout.pageTables.inset(by: 1).height,
      scroll: pageTableScroll)
  }

  /// What the inspector shows: the item under the focused pane's cursor. With the arrays
  /// focused and no slot chosen, a step about a page and no slot (a fault, another thread's
  /// lock or reference) shows that page rather than an unrelated slot.
  public var inspected: InspectorSubject? {
    switch focus {
    case .memory: currentPfn.map(InspectorSubject.pfn)
    case .arrays:
      if slotCursor == nil, step.slot == nil, let pfn = step.pfn, machine.index(of: pfn) != nil { .pfn(pfn) }
      else { scene.callIndex.map { InspectorSubject.slot(call: $0, slot: currentSlot) } }
    case .pageTables:
      pageTableRows.indices.contains(currentRow)
        ? pageTableRows[currentRow].address.map { InspectorSubject.entry(process: pageTableRows[currentRow].process, address: $0) }
        : nil
    }
  }

  /// The view function: the whole screen for the current state. Pure.
  public func render() -> Buffer {
    var buffer = Buffer(size: size)
    if LayoutTier(size) == .tooSmall {
      TooSmallScreen(size: size).render(in: buffer.area, on: &buffer)
    } else {
      buffer = presenting ? renderPresent() : renderPanes()
      // What `/` found stays marked in the step's text, as a pager marks it.
      let found = printed || recorded ? "" : lastSearch
      if !found.isEmpty {
        buffer.markMatches(of: found, in: (presenting ? presentLayout.caption : layout.explanation).inset(by: 1))
      }
      if explanationVisible {
        let facts = inspected.map { InspectorPane(scene: scene, subject: $0).describe($0).lines } ?? []
        ExplanationOverlay(scene: scene, inspector: facts, found: found).render(in: buffer.area, on: &buffer)
        buffer.cursor = nil
      }
      if helpVisible {
        HelpOverlay(theme: theme, presenting: presenting, pauseAtPhases: pauseAtPhases)
          .render(in: buffer.area, on: &buffer)
        buffer.cursor = nil
      }
    }
    if theme.isASCII { buffer.foldToASCII() }
    return buffer
  }

  /// The working layout: every pane, sized by the layout tier.
  private func renderPanes() -> Buffer {
    var buffer = Buffer(size: size)
    let layout = self.layout
    let scene = self.scene
    HeaderPane(
      scene: scene, playing: playing, speed: printed ? nil : speedLabel,
      waitingForClick: waitingForClick
    ).render(
      in: layout.header, on: &buffer)
    TimelineBar(summary: summary, index: index, theme: theme).render(in: layout.bar, on: &buffer)
    MemoryGridPane(
      scene: scene, cursor: currentPfn, focused: focus == .memory, legend: layout.legend,
      collapseFree: layout.collapseFree
    ).render(in: layout.grid, on: &buffer)
    MigrateArraysPane(
      scene: scene, cursor: currentSlot, focused: focus == .arrays, perFolio: perFolio
    )
    .render(in: layout.arrays, on: &buffer)
    if let code = layout.code {
      CodePane(
        listing: Listings.listing(for: step.function), function: step.function, line: step.line,
        kernel: timeline.kernel, theme: theme
      ).render(in: code, on: &buffer)
    }
    ExplanationPane(scene: scene, moreHint: printed ? "the full text follows" : recorded ? nil : "press e")
      .render(in: layout.explanation, on: &buffer)
    PageTablesPane(
      scene: scene, slotCursor: currentSlot, cursor: currentRow(in: pageTableRows(in: layout)), focused: focus == .pageTables,
      scroll: pageTableScroll
    )
    .render(in: layout.pageTables, on: &buffer)
    let keyless = printed || recorded
    InspectorPane(scene: scene, subject: inspected, placeholder: keyless ? "" : InspectorPane.placeholder,
                  moreHint: keyless ? nil : "press e")
      .render(in: layout.inspector, on: &buffer)
    if !keyless {
      FooterPane(pendingJump: pendingJump, search: pendingSearch, cursorHeld: cursorHeld).render(in: layout.footer, on: &buffer)
    }
    if let notice {
      buffer.fill(layout.footer)
      buffer.put(
        notice, x: layout.footer.x, y: layout.footer.y, style: Style(.failed, bold: true),
        limit: layout.footer.width)
    }
    return buffer
  }
}
