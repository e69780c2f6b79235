/// Every change of a run in 16 bytes each instead of `Change`'s 24: a million-slot run records
/// twenty million of them. The common XOR changes pack a tag and their small fields into one
/// word and their bits into the other, and so do the counter changes collect makes per slot
/// (cpages and npages move by a little); anything whose fields do not fit (and the rare structural changes) is
/// kept whole in a side array the packed entry points into.
struct ChangeLog: Sendable {
  private struct Packed: Sendable {
    var head: UInt64
    var bits: UInt64
  }

  private enum Tag: UInt64 {
    case frame, src, dst, pte, pmd, counters, boxed
  }

  private static let tagShift: UInt64 = 61
  private static let low45: UInt64 = 1 << 45 - 1
  private static let low52: UInt64 = 1 << 52 - 1

  private var packed: [Packed] = []
  private var boxed: [Change] = []

  var count: Int { packed.count }

  mutating func reserveCapacity(_ capacity: Int) { packed.reserveCapacity(capacity) }

  mutating func append(_ change: Change) {
    switch change {
    case .frame(let pfn, let bits, let word) where pfn < 1 << 59 && word < 4:
      append(.frame, UInt64(word) << 59 | pfn, bits)
    case .src(let slot, let call, let bits) where call < 1 << 29:
      append(.src, UInt64(call) << 32 | UInt64(slot), bits)
    case .dst(let slot, let call, let bits) where call < 1 << 29:
      append(.dst, UInt64(call) << 32 | UInt64(slot), bits)
    case .pte(let vpn, let pfnBits, let flagBits, let process) where vpn <= Self.low45 && pfnBits <= Self.low52
                                                                   && process < 1 << 12:
      append(.pte, UInt64(flagBits) << 45 | vpn, UInt64(process) << 52 | pfnBits)
    case .pmd(let index, let pfnBits, let flagBits, let process) where index <= Self.low45 && pfnBits <= Self.low52
                                                                     && process < 1 << 12:
      append(.pmd, UInt64(flagBits) << 45 | index, UInt64(process) << 52 | pfnBits)
    case .counters(let call, let before, let after) where Self.packsCounters(call, before, after):
      let result = UInt64(before.setupResult.map { 1 << 16 | UInt64(UInt16(bitPattern: Int16($0))) } ?? 0)
      let deltas = UInt64(UInt16(bitPattern: Int16(after.cpages - before.cpages))) << 16
        | UInt64(UInt16(bitPattern: Int16(after.npages - before.npages)))
      append(.counters, UInt64(call) << 49 | result << 32 | deltas, UInt64(before.cpages) << 32 | UInt64(before.npages))
    default:
      boxed.append(change)
      append(.boxed, UInt64(boxed.count - 1), 0)
    }
  }

  /// Whether a counter change keeps its setup result and moves cpages and npages by a 16-bit
  /// step, with every value in range of its packing.
  private static func packsCounters(_ call: Int, _ before: CallCounters, _ after: CallCounters) -> Bool {
    let inRange = { (value: Int) in value >= 0 && value < 1 << 32 }
    let result = before.setupResult.map { Int16(exactly: $0) != nil } ?? true
    return call >= 0 && call < 1 << 12 && before.setupResult == after.setupResult && result
      && inRange(before.npages) && inRange(before.cpages) && inRange(after.npages) && inRange(after.cpages)
      && Int16(exactly: after.cpages - before.cpages) != nil && Int16(exactly: after.npages - before.npages) != nil
  }

  /// Appends a frame change, or folds it into an earlier change of the same word of the same
  /// frame at or after `start` (XOR changes compose; a fold to zero bits stays, so the step
  /// still names the frame). Looks back a few entries only: one step's updates are close.
  mutating func appendFolding(_ change: Change, from start: Int) {
    guard case .frame(let pfn, let bits, let word) = change, pfn < 1 << 59, word < 4 else { return append(change) }
    let head = Tag.frame.rawValue << Self.tagShift | UInt64(word) << 59 | pfn
    for index in stride(from: packed.count - 1, through: max(start, packed.count - 16), by: -1)
    where packed[index].head == head {
      packed[index].bits ^= bits
      return
    }
    append(.frame, UInt64(word) << 59 | pfn, bits)
  }

  /// Appends a counter change, or folds it into the step's earlier change of the same call's
  /// counters (at or after `start`): apply sets the last `after`, revert the first `before`,
  /// and readers only ask which call's counters changed.
  mutating func appendFolding(counters call: Int, before: CallCounters, after: CallCounters, from start: Int) {
    for index in stride(from: packed.count - 1, through: max(start, packed.count - 16), by: -1)
    where packed[index].head >> Self.tagShift == Tag.counters.rawValue {
      guard case .counters(call, let first, _) = self[index] else { continue }
      guard Self.packsCounters(call, first, after) else { break }
      append(.counters(call: call, before: first, after: after))
      packed[index] = packed.removeLast()
      return
    }
    append(.counters(call: call, before: before, after: after))
  }

  private mutating func append(_ tag: Tag, _ head: UInt64, _ bits: UInt64) {
    packed.append(Packed(head: tag.rawValue << Self.tagShift | head, bits: bits))
  }

  subscript(index: Int) -> Change {
    let entry = packed[index]
    let head = entry.head & (1 << Self.tagShift - 1)
    switch Tag(rawValue: entry.head >> Self.tagShift) {
    case .frame: return .frame(pfn: head & (1 << 59 - 1), bits: entry.bits, word: UInt8(head >> 59))
    case .src: return .src(slot: UInt32(truncatingIfNeeded: head), call: UInt32(head >> 32), bits: entry.bits)
    case .dst: return .dst(slot: UInt32(truncatingIfNeeded: head), call: UInt32(head >> 32), bits: entry.bits)
    case .pte:
      return .pte(vpn: head & Self.low45, pfnBits: entry.bits & Self.low52, flagBits: UInt16(head >> 45),
                  process: UInt16(entry.bits >> 52))
    case .pmd:
      return .pmd(index: head & Self.low45, pfnBits: entry.bits & Self.low52, flagBits: UInt16(head >> 45),
                  process: UInt16(entry.bits >> 52))
    case .counters:
      let result = head >> 48 & 1 == 0 ? nil : Int(Int16(bitPattern: UInt16(truncatingIfNeeded: head >> 32)))
      let (cpages, npages) = (Int(entry.bits >> 32), Int(entry.bits & 0xffff_ffff))
      let delta = { (shift: UInt64) in Int(Int16(bitPattern: UInt16(truncatingIfNeeded: head >> shift))) }
      return .counters(call: Int(head >> 49),
                       before: CallCounters(cpages: cpages, npages: npages, setupResult: result),
                       after: CallCounters(cpages: cpages + delta(16), npages: npages + delta(0), setupResult: result))
    case .boxed, nil: return boxed[Int(head)]
    }
  }

  /// The bytes the log takes.
  var bytes: Int { packed.count * MemoryLayout<Packed>.stride + boxed.count * MemoryLayout<Change>.stride }
}
