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

/// One recorded mutation of the machine, with the value before and after, so a step can be
/// applied forwards or undone backwards without re-running any kernel logic.
public enum Change: Sendable, Hashable {
  case frame(before: PageFrame, after: PageFrame)
  case pte(process: Int, vpn: UInt64, before: PTE, after: PTE)
  case pmd(process: Int, index: UInt64, before: PMD, after: PMD)
  case src(call: Int, slot: Int, before: UInt64, after: UInt64)
  case dst(call: Int, slot: Int, before: UInt64, after: UInt64)
  case counters(call: Int, before: CallCounters, after: CallCounters)
  /// A new call's arrays appear (always appended at the end).
  indirect case callAdded(MigrateCall)
  case waiterAdded(Waiter)
  case waiterRemoved(Waiter)
}

extension Machine {
  /// Applies `change` forwards.
  public mutating func apply(_ change: Change) {
    switch change {
    case .frame(_, let after): if let i = index(of: after.pfn) { frames[i] = after }
    case .pte(let p, let vpn, _, let after): setPTE(process: p, vpn: vpn, after)
    case .pmd(let p, let index, _, let after): setPMD(process: p, index: index, after)
    case .src(let call, let slot, _, let after): calls[call].src[slot] = after
    case .dst(let call, let slot, _, let after): calls[call].dst[slot] = after
    case .counters(let call, _, let after): setCounters(call, after)
    case .callAdded(let call): calls.append(call)
    case .waiterAdded(let waiter): waiters.append(waiter)
    case .waiterRemoved(let waiter): waiters.removeAll { $0 == waiter }
    }
  }

  /// Undoes `change` (the exact inverse of `apply`).
  public mutating func revert(_ change: Change) {
    switch change {
    case .frame(let before, _): if let i = index(of: before.pfn) { frames[i] = before }
    case .pte(let p, let vpn, let before, _): setPTE(process: p, vpn: vpn, before)
    case .pmd(let p, let index, let before, _): setPMD(process: p, index: index, before)
    case .src(let call, let slot, let before, _): calls[call].src[slot] = before
    case .dst(let call, let slot, let before, _): calls[call].dst[slot] = before
    case .counters(let call, let before, _): setCounters(call, before)
    case .callAdded: calls.removeLast()
    case .waiterAdded(let waiter): waiters.removeAll { $0 == waiter }
    case .waiterRemoved(let waiter): waiters.append(waiter)
    }
  }

  mutating func setPTE(process: Int, vpn: UInt64, _ pte: PTE) {
    if pte == .none { processes[process].ptes[vpn] = nil } else { processes[process].ptes[vpn] = pte }
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
