import FolioModel
import TerminalCanvas

extension Viewer {
  /// The update function: applies one event to the state and says what the run loop should do.
  public mutating func handle(_ event: InputEvent) -> ViewerAction {
    switch event {
    case .resize(let newSize):
      size = newSize
      return .continue
    case .tick:
      advancePlayback()
      return .continue
    case .mouse(let point):
      click(at: point)
      return .continue
    case .key(let key):
      return handle(key)
    }
  }

  private mutating func handle(_ key: Key) -> ViewerAction {
    if key == .control("c") { return .quit }
    if key == .control("l") { return .redraw }
    if pendingJump != nil { return handleJump(key) }
    if pendingSearch != nil { return handleSearch(key) }
    // q closes an overlay, as it leaves a pager: quitting the whole demo by accident is the
    // worse surprise, and a second q still quits.
    if helpVisible {
      if key == .character("?") || key == .escape || key == .character("q") { helpVisible = false }
      return .continue
    }
    if explanationVisible {
      if key == .character("e") || key == .escape || key == .character("q") { explanationVisible = false }
      return .continue
    }
    notice = nil
    switch key {
    case .right, .character("l"): go(to: index + 1)
    case .left, .character("h"): go(to: index - 1)
    case .pageDown where pauseAtPhases: clickForward()
    case .pageUp where pauseAtPhases, .character("b") where pauseAtPhases: clickBack()
    case .pageDown, .character("n"): go(to: nextPhaseStart)
    case .pageUp, .character("N"), .character("b"): go(to: previousPhaseStart)
    case .home: go(to: 0)
    case .end: go(to: lastIndex)
    case .character("g"): pendingJump = ""
    case .character("/"): pendingSearch = ""
    case .character(" "): togglePlaying()
    case .character("+"): changeSpeed(faster: true)
    case .character("-"): changeSpeed(faster: false)
    case .tab:
      focus =
        PaneID.allCases[
          (PaneID.allCases.firstIndex(of: focus).map { $0 + 1 } ?? 0) % PaneID.allCases.count]
    case .backTab:
      let all = PaneID.allCases
      focus = all[((all.firstIndex(of: focus) ?? 0) + all.count - 1) % all.count]
    case .up where presenting: captionScroll = max(0, captionScroll - 1)
    case .down where presenting: captionScroll += 1
    case .up: moveCursor(by: -1)
    case .down: moveCursor(by: 1)
    // The projector layout has no cursor keys: Enter (which some clickers send) would pin the
    // grid's pointer to a page while the steps go on.
    case .enter where !presenting: inspect()
    case .character("f"): goToFailure(forward: true)
    case .character("F"): goToFailure(forward: false)
    case .character("]"): follow(forward: true)
    case .character("["): follow(forward: false)
    case .character("v"): perFolio.toggle()
    case .character("c") where presenting:
      // The projector layout gives its width to the grid and the caption: say where the code is.
      notice = "No code pane in --present: run without --present at 120×40, or trace --brief."
    case .character("c"):
      codeVisible.toggle()
      if layout.tier != .full {
        notice = "The code pane needs a 120×40 terminal; this one is \(size.width)×\(size.height)."
      }
    case .character("k"): switchKernel()
    case .character("?"): helpVisible = true
    case .character("e") where !presenting: explanationVisible = true
    case .character("s"): return .pickScenario
    case .character("q"): return .quit
    case .escape where cursorHeld: releaseCursor()
    default: break
    }
    return .continue
  }

  private mutating func moveCursor(by delta: Int) {
    holdCursor()
    switch focus {
    case .memory:
      guard let pfn = currentPfn, let position = machine.index(of: pfn) else { return }
      let next = min(max(0, position + delta), machine.frames.count - 1)
      pfnCursor = machine.frames[next].pfn
    case .arrays:
      let slots = scene.call?.src.count ?? 0
      slotCursor = min(max(0, currentSlot + delta), max(0, slots - 1))
    case .pageTables:
      movePageTableCursor(by: delta)
    }
  }

  /// Within one process's window the cursor moves; at the window's edge the window scrolls
  /// through that process's VMA instead, and only past the VMA's end does it move on.
  private mutating func movePageTableCursor(by delta: Int) {
    let rows = pageTableRows
    guard rows.indices.contains(currentRow) else { return }
    let current = rows[currentRow]
    let target = currentRow + delta
    if rows.indices.contains(target), rows[target].process == current.process, rows[target].address != nil {
      rowCursor = target
      return
    }
    if let address = current.address,
      let vma = machine.processes[current.process].vma(containing: address)
    {
      let next = delta > 0 ? address + pageSize * UInt64(delta) : address &- pageSize * UInt64(-delta)
      if vma.contains(next) {
        pageTableScroll = PageTableScroll(process: current.process, address: next)
        rowCursor = pageTableRows.firstIndex { $0.process == current.process && $0.address == next }
        return
      }
    }
    // On to the next process's entries (past its heading), if there are any that way.
    var next = target
    while rows.indices.contains(next) && rows[next].address == nil { next += delta > 0 ? 1 : -1 }
    if rows.indices.contains(next) { rowCursor = next }
  }

  /// Enter: follow the entry under the cursor to its page in the memory grid.
  private mutating func inspect() {
    let target: PFN? =
      switch focus {
      case .memory: nil
      case .arrays:
        scene.call.flatMap { call in
          call.src.indices.contains(currentSlot) ? MigratePFN.page(call.src[currentSlot]) : nil
        }
      case .pageTables:
        pageTableRows.indices.contains(currentRow) ? pageTableRows[currentRow].pfn : nil
      }
    guard let target, machine.index(of: target) != nil else { return }
    holdCursor()
    pfnCursor = target
    focus = .memory
  }
}
