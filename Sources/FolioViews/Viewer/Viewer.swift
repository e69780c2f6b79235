import FolioModel
import FolioScenario
import TerminalCanvas

/// What the run loop should do after an event.
public enum ViewerAction: Sendable, Hashable {
  case `continue`
  case quit
  /// The user asked to open another scenario (`s`).
  case pickScenario
  /// Ctrl-L: clear the terminal and draw the whole buffer again.
  case redraw
}

/// The panes that take the keyboard focus (Tab cycles through them).
public enum PaneID: Sendable, Hashable, CaseIterable {
  case memory, arrays, pageTables
}

/// The whole interface state in one value (bubbletea/Elm): `handle(_:)` is the update,
/// `render()` the pure view. Stepping reads earlier or later states of a precomputed timeline;
/// no kernel logic runs here.
public struct Viewer {
  public private(set) var timeline: Timeline
  public private(set) var summary: TimelineSummary
  /// The step shown.
  public private(set) var index: Int
  /// The machine after step `index`.
  public private(set) var machine: Machine
  /// Timelines already loaded, by kernel version (for `k`).
  private var loaded: [KernelVersion: Timeline]
  /// Produces the timeline of the same scenario under another kernel version, on demand.
  private let companion: (KernelVersion) -> Timeline?

  public var size: Size
  public var theme: Theme
  public internal(set) var focus: PaneID = .arrays
  /// Cursors the user moved; nil follows the step (its pfn, its slot, its changed entry).
  /// Cleared on every step change, so the same step always looks the same, unless the user
  /// holds them (`cursorHeld`).
  public internal(set) var pfnCursor: PFN?
  public internal(set) var slotCursor: Int?
  public internal(set) var rowCursor: Int?
  /// Where ↑/↓ scrolled a process's page-table window past its edge; cleared like the cursors.
  public internal(set) var pageTableScroll: PageTableScroll?
  /// The user put a cursor on something (↑/↓, Enter, a click): it stays there as the steps
  /// change, so one page or slot can be watched, until Esc lets it follow the step again.
  public internal(set) var cursorHeld = false
  public internal(set) var perFolio = false
  public internal(set) var codeVisible = true
  public internal(set) var playing = false
  /// Playback speed in steps per second (`--speed`, `+`/`-`).
  public internal(set) var stepsPerSecond = 1.0
  /// Thousandths of a step played since the last step, so any speed advances exactly on ticks.
  var playProgress = 0
  /// Playback stops on the first step of every phase run, for the lecturer to talk over it.
  public var pauseAtPhases = false
  /// The projector layout: grid, arrays and a caption, wide cells, no footer.
  public var presenting = false
  /// Caption lines scrolled past (↓/↑ in the projector layout); reset on every step change.
  public internal(set) var captionScroll = 0
  public internal(set) var helpVisible = false
  /// The whole explanation is shown over the screen (`e`).
  public internal(set) var explanationVisible = false
  /// Frames for paper (a handout): no play state, key footer or cursor prompts, which mean
  /// nothing there.
  public var printed = false
  /// Mark as changed what every step from this one up to the shown one changed (a handout's
  /// frame at the end of a phase), rather than what the shown step alone changed.
  public var changesMarkedFrom: Int?
  /// Frames for a recording, which nobody can press a key in: no key footer or key hints (the
  /// play state stays: the recording plays).
  public var recorded = false
  /// The digits typed after `g`; nil when no jump is pending.
  public internal(set) var pendingJump: String?
  /// The text typed after `/`; nil when no search is being typed.
  public internal(set) var pendingSearch: String?
  /// The last text searched for, which `/` then Enter alone searches for again.
  var lastSearch = ""
  /// A one-line notice (e.g. a kernel version that cannot be shown).
  public internal(set) var notice: String?

  /// The speeds `+` and `-` step through, in steps per second; ticks arrive every
  /// `tickMilliseconds`, and above 10/s one tick plays several steps.
  public static let speeds: [Double] = [0.5, 1, 2, 5, 10, 20, 50, 100, 200]
  public static let tickMilliseconds = 100

  public init(
    timeline: Timeline, size: Size, theme: Theme = .dark,
    companion: @escaping (KernelVersion) -> Timeline? = { _ in nil }
  ) {
    self.timeline = timeline
    summary = TimelineSummary(timeline)
    index = 0
    machine = timeline.state(at: 0)
    loaded = [timeline.kernel: timeline]
    self.companion = companion
    self.size = size
    self.theme = theme
  }

  public var step: Step { timeline[index] }
  public var lastIndex: Int { timeline.count - 1 }

  /// Shows a one-line notice (e.g. why a picked scenario could not be opened).
  public mutating func show(notice text: String) { notice = text }

  /// Shows step `target` (clamped): `folioscope run --step N` and `render --step N`.
  public mutating func show(step target: Int) { go(to: target) }

  /// Shows step `target` (clamped), reached from the current state by applying or undoing.
  mutating func go(to target: Int) {
    let clamped = min(max(0, target), lastIndex)
    guard clamped != index else { return }
    let heldEntry = cursorHeld ? rowCursor.flatMap { pageTableRows.indices.contains($0) ? pageTableRows[$0] : nil } : nil
    timeline.move(&machine, from: index, to: clamped)
    index = clamped
    captionScroll = 0
    guard cursorHeld else {
      pfnCursor = nil
      slotCursor = nil
      rowCursor = nil
      pageTableScroll = nil
      return
    }
    // The held cursors stay on their page, slot (within the shown call) and entry.
    if let slot = slotCursor { slotCursor = min(slot, max(0, (scene.call?.src.count ?? 1) - 1)) }
    if let heldEntry {
      rowCursor = pageTableRows.firstIndex { $0.process == heldEntry.process && $0.address == heldEntry.address }
    }
  }

  /// The user put a cursor somewhere: hold it across steps (and say so the first time).
  mutating func holdCursor() {
    guard !cursorHeld else { return }
    cursorHeld = true
    notice = "The cursor stays here as you step; Esc lets it follow the step again."
  }

  /// Esc: the cursors follow the step again.
  mutating func releaseCursor() {
    cursorHeld = false
    pfnCursor = nil
    slotCursor = nil
    rowCursor = nil
    pageTableScroll = nil
  }

  /// Switches to the other kernel version's timeline, landing on the same step when the other
  /// kernel has it (the same function, line and slot in the same run of the same phase and
  /// call), else its step about the same slot (or, for a step about a page outside any slot,
  /// the same page), else at the start of that run.
  mutating func switchKernel() {
    guard let other = KernelVersion.allCases.first(where: { $0 != timeline.kernel }) else { return }
    guard let next = loaded[other] ?? companion(other) else {
      notice = "No \(other.rawValue) timeline for this scenario."
      return
    }
    loaded[other] = next
    let run = summary.run(containing: index)
    let phase = summary.phases[run]
    let current = step
    let call = current.call
    // The other kernel may make the same call at another position (a fault that sleeps).
    let otherCall = call.flatMap { CallMatching(timeline.final.calls, next.final.calls).newIndex[$0] } ?? call
    let nextSummary = TimelineSummary(next)
    let starts = nextSummary.phaseStarts
    // Which run of this phase and call this is (setup, for one, has two: before and after unmap).
    let ordinal = (0..<run).filter { summary.phases[$0] == phase && timeline[summary.phaseStarts[$0]].call == call }.count
    let sameCall = starts.indices.filter { nextSummary.phases[$0] == phase && next[starts[$0]].call == otherCall }
    let samePhase = starts.indices.first { nextSummary.phases[$0] == phase }
    let nextRun = sameCall.indices.contains(ordinal) ? sameCall[ordinal] : (sameCall.first ?? samePhase)
    var target = nextRun.map { starts[$0] } ?? min(index, next.count - 1)
    var same = false
    var sameSlot = false
    var samePage: PFN?
    if let nextRun {
      // The same offset into the run first (the kernels mostly take the same steps), then the
      // run's first few thousand steps: a million-slot run's phases are too long to scan.
      let end = nextRun + 1 < starts.count ? starts[nextRun + 1] : next.count
      let sameOffset = starts[nextRun] + (index - summary.phaseStarts[run])
      let candidates = (sameOffset < end ? [sameOffset] : []) + Array(starts[nextRun]..<min(end, starts[nextRun] + 4096))
      // The same step, or the same under another name (v6.8's page helpers, renamed
      // functions); failing both, the run's first step about the same slot.
      if let match = candidates.first(where: { candidate in
        let other = next[candidate]
        return other.function == current.function && other.label == current.label && other.slot == current.slot
      }) ?? candidates.first(where: { current.slot != nil && next[$0].label == current.label && next[$0].slot == current.slot }) {
        (target, same) = (match, true)
      } else if let slot = current.slot, let match = candidates.first(where: { next[$0].slot == slot }) {
        target = match
        sameSlot = true
      } else if current.slot == nil, let pfn = current.pfn,
                let match = candidates.first(where: { next[$0].slot == nil && next[$0].pfn == pfn }) {
        // A step about a page outside any slot (a split, a fault): the other kernel's about it.
        target = match
        samePage = pfn
      }
    }
    let from = index
    timeline = next
    summary = nextSummary
    index = target
    machine = next.state(at: target)
    cursorHeld = false
    pfnCursor = nil
    slotCursor = nil
    rowCursor = nil
    pageTableScroll = nil
    var notes: [String] = []
    if !same {
      notes.append(nextRun == nil ? "\(other.rawValue) has no \(phase.rawValue) phase here: showing step \(target)."
        : sameSlot ? "\(other.rawValue) takes no such step: showing its \(phase.rawValue) step about slot \(current.slot ?? 0)."
        : samePage.map { "\(other.rawValue) takes no such step: showing its \(phase.rawValue) step about \(MigratePFN.hex($0))." }
        ?? "\(other.rawValue) takes no such step: showing the start of its \(phase.rawValue) phase.")
    } else if target != from {
      // The same step at another number is said, so the jump in the header is no surprise.
      notes.append("\(other.rawValue) takes this step as its step \(target).")
    }
    // Narration written for the scenario's own kernel shows under no other (see Scene.narration).
    let narration = next.scenario.narration
    let narrated = !narration.phases.isEmpty || !narration.steps.isEmpty
    if same, narrated, other != next.scenario.kernel, !narration.alsoFor.contains(other) {
      notes.append("The narration is written for \(next.scenario.kernel.rawValue); \(other.rawValue) shows the kernel's text only.")
    }
    notice = notes.isEmpty ? nil : notes.joined(separator: " ")
  }
}
