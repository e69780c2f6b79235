/// The phases of a migration as the timeline groups them.
public enum Phase: String, Sendable, Hashable, CaseIterable {
  /// The scenario's initial state (step 0).
  case start
  /// `migrate_vma_setup` argument checks.
  case setup
  /// `migrate_vma_collect`: the page walk fills `src`.
  case collect
  /// `migrate_device_unmap`: isolate, `try_to_migrate`, the pin check and the restore loop.
  case unmap
  /// The driver allocates, locks and fills `dst`, and copies the data.
  case driver
  /// `migrate_vma_pages` / `migrate_device_pages`: holes populated, metadata moved.
  case pages
  /// `migrate_vma_finalize` / `migrate_device_finalize`: PTEs point at the winner, locks dropped.
  case finalize
  /// `migrate_device_range` / `migrate_device_pfns`: device pfns locked by the driver.
  case evict
  /// A CPU access: `do_swap_page`, `migration_entry_wait`, or a plain fault.
  case fault
  /// Another thread acts (lock, reference) between phases.
  case event
  /// The end of the scenario.
  case done
}

/// A step's text, or what to write it from: the simulator keeps the texts of its per-slot steps
/// as numbers, so a million-slot run does not format (and keep) millions of strings nobody reads.
enum StepText: Sendable {
  case ready(String)
  /// A per-slot step's text with what it needs beyond its numbers (`notes` is the log's table).
  case slot(SlotText, slot: Int, pfn: PFN, function: String, notes: [SlotNote])

  var string: String {
    switch self {
    case .ready(let text): text
    case .slot(let text, let slot, let pfn, let function, let notes):
      text.string(slot: slot, pfn: pfn, function: function, notes: notes)
    }
  }
}

/// One step of the timeline: what the kernel did, where in which function, to which slot and
/// pfn, in plain English, and exactly which state changed.
public struct Step: Sendable, Hashable {
  public var index: Int
  public var phase: Phase
  /// The kernel function this step is in (the version's own name).
  public var function: String
  /// The label of the current line of that function's paraphrased listing.
  public var label: String
  /// The call (index into `Machine.calls`) this step belongs to.
  public var call: Int?
  public var slot: Int?
  public var pfn: PFN?
  var body: StepText
  /// What changed, in order (a view into the timeline's change log).
  public var changes: ArraySlice<Change>
  /// The slot lost MIGRATE_PFN_MIGRATE (or was refused) at this step.
  public var failed: Bool

  public init(index: Int, phase: Phase, function: String, label: String, call: Int?, slot: Int?, pfn: PFN?,
              text: String, changes: [Change], failed: Bool) {
    self.init(index: index, phase: phase, function: function, label: label, call: call, slot: slot, pfn: pfn,
              body: .ready(text), changes: changes[...], failed: failed)
  }

  init(index: Int, phase: Phase, function: String, label: String, call: Int?, slot: Int?, pfn: PFN?,
       body: StepText, changes: ArraySlice<Change>, failed: Bool) {
    self.index = index
    self.phase = phase
    self.function = function
    self.label = label
    self.call = call
    self.slot = slot
    self.pfn = pfn
    self.body = body
    self.changes = changes
    self.failed = failed
  }

  /// What happens at this step, in plain English.
  public var text: String {
    get { body.string }
    set { body = .ready(newValue) }
  }

  /// The 1-based line of the listing this step is on, if the listing knows the label.
  public var line: Int? { Listings.listing(for: function)?.line(of: label) }

  public static func == (a: Step, b: Step) -> Bool {
    (a.index, a.phase, a.function, a.label, a.failed) == (b.index, b.phase, b.function, b.label, b.failed)
      && (a.call, a.slot, a.pfn) == (b.call, b.slot, b.pfn) && a.changes == b.changes && a.text == b.text
  }

  public func hash(into hasher: inout Hasher) {
    hasher.combine(index)
    hasher.combine(function)
    hasher.combine(label)
    hasher.combine(text)
  }
}
