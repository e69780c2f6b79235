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
  public var text: String
  public var changes: [Change]
  /// The slot lost MIGRATE_PFN_MIGRATE (or was refused) at this step.
  public var failed: Bool

  public init(index: Int, phase: Phase, function: String, label: String, call: Int?, slot: Int?, pfn: PFN?,
              text: String, changes: [Change], failed: Bool) {
    self.index = index
    self.phase = phase
    self.function = function
    self.label = label
    self.call = call
    self.slot = slot
    self.pfn = pfn
    self.text = text
    self.changes = changes
    self.failed = failed
  }

  /// The 1-based line of the listing this step is on, if the listing knows the label.
  public var line: Int? { Listings.listing(for: function)?.line(of: label) }
}
