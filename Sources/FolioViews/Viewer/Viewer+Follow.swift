import FolioModel

extension Viewer {
  /// `]` / `[`: the next or previous step that concerns what the focused pane's cursor is on
  /// (a page and its folio, a slot of the shown call, or a page-table entry), keeping the
  /// cursor on it, so one page can be followed through a long run.
  mutating func follow(forward: Bool) {
    guard let (subject, name) = followed else {
      notice = "Move the cursor onto a page, a slot or a page-table entry first."
      return
    }
    guard let target = timeline.step(from: index, forward: forward, concerning: subject) else {
      notice = "No \(forward ? "later" : "earlier") step concerns \(name)."
      return
    }
    let (pfn, slot) = (currentPfn, currentSlot)
    let entry = pageTableRows.indices.contains(currentRow) ? pageTableRows[currentRow] : nil
    go(to: target)
    switch focus {
    case .memory: pfnCursor = pfn
    case .arrays: slotCursor = slot
    case .pageTables:
      guard let entry, let address = entry.address else { return }
      pageTableScroll = PageTableScroll(process: entry.process, address: address)
      rowCursor = pageTableRows.firstIndex { $0.process == entry.process && $0.address == address }
    }
  }

  /// What `follow` looks for, and how the notice names it.
  private var followed: (StepSubject, String)? {
    switch focus {
    case .memory:
      guard let pfn = currentPfn else { return nil }
      let head = machine.frame(pfn)?.head ?? pfn
      return (.pages(head == pfn ? [pfn] : [pfn, head]), "pfn \(MigratePFN.hex(pfn))")
    case .arrays:
      // Before the first call there are no arrays yet: any call's slot will do.
      return (.slot(currentSlot, call: scene.callIndex), "slot \(currentSlot)")
    case .pageTables:
      guard pageTableRows.indices.contains(currentRow), let address = pageTableRows[currentRow].address else { return nil }
      let process = pageTableRows[currentRow].process
      return (.entry(process: process, address: address),
              "\(machine.processes[process].name)'s entry for \(MigratePFN.hex(address))")
    }
  }
}
