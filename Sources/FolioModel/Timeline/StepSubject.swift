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
    step(from: index, forward: forward) { steps.log.concerns($0, subject) }
  }

  /// The first step after `index` (or the last before it) that `matches`.
  public func step(from index: Int, forward: Bool, where matches: (Int) -> Bool) -> Int? {
    let candidates = forward ? stride(from: index + 1, to: count, by: 1) : stride(from: min(index, count) - 1, to: -1, by: -1)
    return candidates.first(where: matches)
  }

  /// Whether step `index` is about `subject` (its slot or pfn) or records a change to it.
  public func step(_ index: Int, concerns subject: StepSubject) -> Bool { steps.log.concerns(index, subject) }

  /// Every step in the life of the pages `pfns`: those that name one or change its struct
  /// page, and those about a slot whose src or dst names one then (the driver's copy from a
  /// source page names only its destination). One pass over the run, tracking the arrays.
  public func steps(aboutPages pfns: [PFN]) -> [Int] { steps.log.steps(aboutPages: pfns) }
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

extension StepLog {
  /// See `Timeline.steps(aboutPages:)`.
  func steps(aboutPages pfns: [PFN]) -> [Int] {
    var arrays: [(src: ChunkedArray<UInt64>, dst: ChunkedArray<UInt64>)] = []
    /// Whether step `index`'s slot names one of the pages in the arrays as they are now.
    func slotNames(_ index: Int) -> Bool {
      let record = records[index]
      guard record.slot != StepRecord.noSlot, let call = call(of: index), call < arrays.count,
            Int(record.slot) < arrays[call].src.count else { return false }
      let slot = Int(record.slot)
      return [arrays[call].src[slot], arrays[call].dst[slot]].contains { MigratePFN.page($0).map(pfns.contains) ?? false }
    }
    var found: [Int] = []
    for index in 0..<count {
      var about = concerns(index, .pages(pfns)) || slotNames(index)
      var position = changeWords(of: index).lowerBound
      let end = Int(records[index].end)
      while position < end {
        let change: Change
        (change, position) = changes.change(at: position)
        switch change {
        case .callAdded(let call): arrays.append((call.src, call.dst))
        case .src(let slot, let call, let bits) where Int(call) < arrays.count: arrays[Int(call)].src[Int(slot)] ^= bits
        case .dst(let slot, let call, let bits) where Int(call) < arrays.count: arrays[Int(call)].dst[Int(slot)] ^= bits
        default: break
        }
      }
      about = about || slotNames(index)
      if about { found.append(index) }
    }
    return found
  }
}
