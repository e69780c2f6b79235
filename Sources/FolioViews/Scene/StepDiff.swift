import FolioModel

/// What one step changed, indexed for the panes: which pfns, which array entries (with their
/// value before the step) and which page-table entries. Built from the step's own change list,
/// so it costs as much as the step changed, never as much as the machine holds.
public struct StepDiff: Sendable, Hashable {
  /// A `src` or `dst` entry of a call.
  public struct Entry: Sendable, Hashable {
    public var call: Int
    public var slot: Int
  }

  public var pfns: Set<PFN> = []
  /// `src` entries changed at this step, with the bits its changes flipped.
  public var src: [Entry: UInt64] = [:]
  /// `dst` entries changed at this step, with the bits its changes flipped.
  public var dst: [Entry: UInt64] = [:]
  /// Changed PTEs as (process index, vpn).
  public var ptes: Set<PageTableEntryID> = []
  /// Changed PMD leaves as (process index, address >> 21).
  public var pmds: Set<PageTableEntryID> = []
  /// Calls whose counters (`cpages`, `npages`, setup result) changed.
  public var counters: Set<Int> = []

  public init() {}

  public init(_ step: Step) {
    add(step)
  }

  /// What a run of steps changed together (a handout's phase): every entry any of them
  /// changed, with the bits flipped over the whole run.
  public init(_ steps: some Sequence<Step>) {
    for step in steps { add(step) }
  }

  private mutating func add(_ step: Step) {
    for change in step.changes {
      switch change {
      case .frame(let pfn, _, _): pfns.insert(pfn)
      case .pte(let vpn, _, _, let process):
        ptes.insert(PageTableEntryID(process: Int(process), index: vpn))
      case .pmd(let index, _, _, let process):
        pmds.insert(PageTableEntryID(process: Int(process), index: index))
      case .src(let slot, let call, let bits): src[Entry(call: Int(call), slot: Int(slot)), default: 0] ^= bits
      case .dst(let slot, let call, let bits): dst[Entry(call: Int(call), slot: Int(slot)), default: 0] ^= bits
      case .counters(let call, _, _): counters.insert(call)
      case .callAdded, .waiterAdded, .waiterRemoved: break
      }
    }
  }

  /// The bits of `src[slot]` that differ from before the step (0 when it did not change).
  public func srcBits(call: Int, slot: Int) -> UInt64 { src[Entry(call: call, slot: slot)] ?? 0 }

  /// The bits of `dst[slot]` that differ from before the step (0 when it did not change).
  public func dstBits(call: Int, slot: Int) -> UInt64 { dst[Entry(call: call, slot: slot)] ?? 0 }
}

/// One page-table entry of one process: a vpn (PTE) or a PMD index.
public struct PageTableEntryID: Sendable, Hashable {
  public var process: Int
  public var index: UInt64
}
