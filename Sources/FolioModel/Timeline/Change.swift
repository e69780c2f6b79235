/// `migrate_vma_setup`'s scalar results for one call.
public struct CallCounters: Sendable, Hashable {
  public var cpages: Int
  public var npages: Int
  public var setupResult: Int?
  public init(cpages: Int, npages: Int, setupResult: Int?) {
    self.cpages = cpages
    self.npages = npages
    self.setupResult = setupResult
  }
}

/// One recorded mutation of the machine, small enough (24 bytes) that a million-slot timeline's
/// tens of millions of them fit in memory. Frames, page-table entries and array slots record
/// the XOR of their packed value before and after, which both applies and undoes the change;
/// the rare structural changes are boxed.
public enum Change: Sendable, Hashable {
  /// Word `word` of the frame of `pfn` (see `PageFrame.word(_:)`) flipped by `bits`.
  case frame(pfn: PFN, bits: UInt64, word: UInt8)
  /// The PTE at `vpn` of process `process` changed: its packed pfn and flags flipped by these bits.
  case pte(vpn: UInt64, pfnBits: UInt64, flagBits: UInt16, process: UInt16)
  /// The PMD at `index` (address >> 21) of process `process` changed, packed like `pte`.
  case pmd(index: UInt64, pfnBits: UInt64, flagBits: UInt16, process: UInt16)
  /// `src[slot]` of call `call` flipped by `bits`.
  case src(slot: UInt32, call: UInt32, bits: UInt64)
  /// `dst[slot]` of call `call` flipped by `bits`.
  case dst(slot: UInt32, call: UInt32, bits: UInt64)
  indirect case counters(call: Int, before: CallCounters, after: CallCounters)
  /// A new call's arrays appear (always appended at the end).
  indirect case callAdded(MigrateCall)
  /// A thread starts waiting (appended to `Machine.waiters`).
  indirect case waiterAdded(Waiter)
  /// A thread stops waiting; `index` is where it stood, so undoing puts it back in place.
  indirect case waiterRemoved(Waiter, index: Int)

  /// Appends the changes that turn `before` into `after` (one per differing word) to `changes`.
  public static func record(_ before: PageFrame, _ after: PageFrame, into changes: inout [Change]) {
    for word in 0..<PageFrame.wordCount {
      let bits = before.word(word) ^ after.word(word)
      if bits != 0 { changes.append(.frame(pfn: after.pfn, bits: bits, word: UInt8(word))) }
    }
  }

  /// The change of the PTE at `vpn` of `process` from `before` to `after`.
  public static func pte(process: Int, vpn: UInt64, before: PTE, after: PTE) -> Change {
    let bits = before.packed ^ after.packed
    return .pte(vpn: vpn, pfnBits: bits.pfn, flagBits: bits.flags, process: UInt16(process))
  }

  /// The change of the PMD at `index` of `process` from `before` to `after`.
  public static func pmd(process: Int, index: UInt64, before: PMD, after: PMD) -> Change {
    let bits = before.packed ^ after.packed
    return .pmd(index: index, pfnBits: bits.pfn, flagBits: bits.flags, process: UInt16(process))
  }

  /// The change of `src[slot]` of `call` from `before` to `after`.
  public static func src(call: Int, slot: Int, before: UInt64, after: UInt64) -> Change {
    .src(slot: UInt32(slot), call: UInt32(call), bits: before ^ after)
  }

  /// The change of `dst[slot]` of `call` from `before` to `after`.
  public static func dst(call: Int, slot: Int, before: UInt64, after: UInt64) -> Change {
    .dst(slot: UInt32(slot), call: UInt32(call), bits: before ^ after)
  }
}

extension Machine {
  /// Applies `change` forwards.
  public mutating func apply(_ change: Change) {
    switch change {
    case .callAdded(let call): calls.append(call)
    case .waiterAdded(let waiter): waiters.append(waiter)
    case .waiterRemoved(_, let index): waiters.remove(at: index)
    case .counters(let call, _, let after): setCounters(call, after)
    default: flip(change)
    }
  }

  /// Undoes `change` (the exact inverse of `apply`).
  public mutating func revert(_ change: Change) {
    switch change {
    case .callAdded: calls.removeLast()
    case .waiterAdded: waiters.removeLast()
    case .waiterRemoved(let waiter, let index): waiters.insert(waiter, at: index)
    case .counters(let call, let before, _): setCounters(call, before)
    default: flip(change)
    }
  }

  /// Applies or undoes an XOR change (the same operation both ways).
  private mutating func flip(_ change: Change) {
    switch change {
    case .frame(let pfn, let bits, let word): if let i = index(of: pfn) { frames.flip(at: i, word: Int(word), bits) }
    case .pte(let vpn, let pfnBits, let flagBits, let p): flipPTE(process: Int(p), vpn: vpn, pfnBits, flagBits)
    case .pmd(let index, let pfnBits, let flagBits, let p):
      let old = processes[Int(p)].pmds[index] ?? .table
      setPMD(process: Int(p), index: index, PMD(old.packed ^ PackedEntry(pfn: pfnBits, flags: flagBits)))
    case .src(let slot, let call, let bits): calls[Int(call)].src[Int(slot)] ^= bits
    case .dst(let slot, let call, let bits): calls[Int(call)].dst[Int(slot)] ^= bits
    case .counters, .callAdded, .waiterAdded, .waiterRemoved: break
    }
  }

  /// Applies or undoes a recorded PTE change; returns the packed entry before and after.
  @discardableResult
  mutating func flipPTE(process: Int, vpn: UInt64, _ pfnBits: UInt64, _ flagBits: UInt16) -> (before: UInt64, after: UInt64) {
    processes[process].ptes.flip(vpn, PackedEntry(pfn: pfnBits, flags: flagBits).word)
  }

  mutating func setPMD(process: Int, index: UInt64, _ pmd: PMD) {
    if pmd == .table { processes[process].pmds[index] = nil } else { processes[process].pmds[index] = pmd }
  }

  mutating func setCounters(_ call: Int, _ counters: CallCounters) {
    calls[call].cpages = counters.cpages
    calls[call].npages = counters.npages
    calls[call].setupResult = counters.setupResult
  }

  func counters(of call: Int) -> CallCounters {
    CallCounters(cpages: calls[call].cpages, npages: calls[call].npages, setupResult: calls[call].setupResult)
  }
}
