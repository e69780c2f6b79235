import FolioModel

extension Viewer {
  /// `]` / `[`: the next or previous step that concerns what the focused pane's cursor is on
  /// (a page's life, a slot of the shown call, or a page-table entry and collect's look at
  /// it), keeping the cursor on it, so one page can be followed through a long run.
  mutating func follow(forward: Bool) {
    guard let (find, name) = followed else {
      notice = "Move the cursor onto a page, a slot or a page-table entry first."
      return
    }
    guard let target = find(forward) else {
      notice = "No \(forward ? "later" : "earlier") step concerns \(name)."
      return
    }
    let (pfn, slot) = (currentPfn, currentSlot)
    let entry = pageTableRows.indices.contains(currentRow) ? pageTableRows[currentRow] : nil
    go(to: target)
    // What is followed stays under the cursor for ←/→ too.
    holdCursor()
    switch focus {
    case .memory: pfnCursor = pfn
    case .arrays: slotCursor = slot
    case .pageTables:
      guard let entry, let address = entry.address else { return }
      pageTableScroll = PageTableScroll(process: entry.process, address: address)
      rowCursor = pageTableRows.firstIndex { $0.process == entry.process && $0.address == address }
    }
  }

  /// How `follow` finds the next (true) or previous step, and how the notice names what it follows.
  private var followed: (find: (Bool) -> Int?, name: String)? {
    let (timeline, index) = (self.timeline, self.index)
    let nearest = { (subject: StepSubject) in
      { (forward: Bool) in timeline.step(from: index, forward: forward, concerning: subject) }
    }
    switch focus {
    case .memory:
      guard let pfn = currentPfn else { return nil }
      let head = machine.frame(pfn)?.head ?? pfn
      let life = timeline.steps(aboutPages: head == pfn ? [pfn] : [pfn, head])
      return ({ forward in forward ? life.first { $0 > index } : life.last { $0 < index } }, "pfn \(MigratePFN.hex(pfn))")
    case .arrays:
      // Before the first call there are no arrays yet: any call's slot will do.
      return (nearest(.slot(currentSlot, call: scene.callIndex)), "slot \(currentSlot)")
    case .pageTables:
      guard pageTableRows.indices.contains(currentRow), let address = pageTableRows[currentRow].address else { return nil }
      let process = pageTableRows[currentRow].process
      let entry = StepSubject.entry(process: process, address: address)
      let name = "\(machine.processes[process].name)'s entry for \(MigratePFN.hex(address))"
      // Collect's step for the shown call's slot at this address examines the entry, and may
      // clear and restore it within the step, which leaves no change behind.
      guard let call = scene.callIndex, machine.calls[call].process == machine.processes[process].name,
            let slot = machine.calls[call].slot(at: address) else {
        return (nearest(entry), name)
      }
      let walked = StepSubject.slot(slot, call: call)
      return ({ forward in
        timeline.step(from: index, forward: forward) {
          timeline.step($0, concerns: entry) || (timeline.phase(at: $0) == .collect && timeline.step($0, concerns: walked))
        }
      }, name)
    }
  }

  /// `f` / `F`: the next or previous step where a slot failed (the bar's ✗ marks).
  mutating func goToFailure(forward: Bool) {
    let failed = summary.failedSteps
    guard let target = forward ? failed.first(where: { $0 > index }) : failed.last(where: { $0 < index }) else {
      notice = failed.isEmpty ? "No step of this run failed." : "No \(forward ? "later" : "earlier") step failed."
      return
    }
    go(to: target)
  }
}
