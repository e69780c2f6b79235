/// What a search through the timeline follows: pages, one slot of the migrate arrays, or one
/// virtual page's entry in a process's page tables. A step concerns it when the step is about
/// it (its slot or pfn) or records a change to it.
public enum StepSubject: Sendable, Hashable {
  /// Frames `pfns` (a page and the head of its folio, say): their `struct page` changed, or
  /// the step names one of them.
  case pages([PFN])
  /// `src[slot]`/`dst[slot]` of call `call` (of any call when nil), or a step about that slot.
  case slot(Int, call: Int?)
  /// The PTE of `address` in process `process`, or the PMD that covers it.
  case entry(process: Int, address: UInt64)
}

extension Timeline {
  /// The first step after `index` (or, with `forward` false, the last before it) that concerns
  /// `subject`; nil when there is none. Reads the compact records and change words in place,
  /// so following a page through a long run builds no steps.
  public func step(from index: Int, forward: Bool, concerning subject: StepSubject) -> Int? {
    let candidates = forward ? stride(from: index + 1, to: count, by: 1) : stride(from: min(index, count) - 1, to: -1, by: -1)
    return candidates.first { steps.log.concerns($0, subject) }
  }

  /// Whether step `index` is about `subject` (its slot or pfn) or records a change to it.
  public func step(_ index: Int, concerns subject: StepSubject) -> Bool { steps.log.concerns(index, subject) }
}

extension StepLog {
  /// Whether step `index` is about `subject` or changes it.
  func concerns(_ index: Int, _ subject: StepSubject) -> Bool {
    let record = records[index]
    switch subject {
    case .pages(let pfns) where record.hasPFN && pfns.contains(record.pfn): return true
    case .slot(let slot, let call) where record.slot == UInt32(slot) && (call == nil || call == self.call(of: index)):
      return true
    default: break
    }
    var position = changeWords(of: index).lowerBound
    let end = Int(record.end)
    while position < end {
      let change: Change
      (change, position) = changes.change(at: position)
      if Self.change(change, concerns: subject) { return true }
    }
    return false
  }

  private static func change(_ change: Change, concerns subject: StepSubject) -> Bool {
    switch (change, subject) {
    case (.frame(let pfn, _, _), .pages(let pfns)): pfns.contains(pfn)
    case (.src(let slot, let call, _), .slot(let wanted, let wantedCall)),
         (.dst(let slot, let call, _), .slot(let wanted, let wantedCall)):
      Int(slot) == wanted && (wantedCall == nil || Int(call) == wantedCall)
    case (.pte(let vpn, _, _, let process), .entry(let wanted, let address)):
      Int(process) == wanted && vpn == address / pageSize
    case (.pmd(let index, _, _, let process), .entry(let wanted, let address)):
      Int(process) == wanted && index == address / (pageSize * UInt64(hpagePMDNr))
    default: false
    }
  }
}
