/// A change in one word (top bit set): a frame word or a src/dst entry whose flipped bits lie
/// in one 32-bit half. Bits 62–61: kind (frame, src, dst); 60–59: the frame word, or the call
/// (0…3); 58: the bits are the high half; 57–32: pfn or slot (below 2^26); 31–0: the bits.
enum Compact {
  private static let marker: UInt64 = 1 << 63
  private static let indexLimit: UInt64 = 1 << 26

  static func isCompact(_ word: UInt64) -> Bool { word & marker != 0 }

  /// Kind 0 is a frame (`field`: its word), 1 a src entry and 2 a dst entry (`field`: the call).
  static func pack(kind: UInt64, field: UInt64, index: UInt64, bits: UInt64) -> UInt64? {
    guard field < 4, index < indexLimit else { return nil }
    let high = bits & 0xffff_ffff == 0 && bits != 0
    guard high || bits >> 32 == 0 else { return nil }
    return marker | kind << 61 | field << 59 | (high ? 1 << 58 : 0) | index << 32 | (high ? bits >> 32 : bits)
  }

  static func decode(_ word: UInt64) -> Change {
    let (field, index, bits) = fields(word)
    switch word >> 61 & 3 {
    case 0: return .frame(pfn: index, bits: bits, word: UInt8(field))
    case 1: return .src(slot: UInt32(index), call: UInt32(field), bits: bits)
    default: return .dst(slot: UInt32(index), call: UInt32(field), bits: bits)
    }
  }

  /// The frame change a compact word holds, if it holds one: read without making a `Change`,
  /// for the checker, which replays millions of them.
  @inline(__always) static func frame(_ word: UInt64) -> (pfn: PFN, word: Int, bits: UInt64)? {
    guard word >> 61 == 4 else { return nil }
    let (field, index, bits) = fields(word)
    return (index, Int(field), bits)
  }

  @inline(__always) private static func fields(_ word: UInt64) -> (field: UInt64, index: UInt64, bits: UInt64) {
    (word >> 59 & 3, word >> 32 & (indexLimit - 1), word >> 58 & 1 == 1 ? (word & 0xffff_ffff) << 32 : word & 0xffff_ffff)
  }
}

/// A change in two words: a head (top bit clear; a tag in bits 62–60 and the small fields
/// below) and the bits. The counter changes collect makes per slot pack too (cpages and
/// npages move by a little); a boxed change's head names its place in the side array.
struct Packed {
  var head: UInt64
  var bits: UInt64

  fileprivate enum Tag: UInt64 {
    case frame, src, dst, pte, pmd, counters, boxed
  }

  private static let tagShift: UInt64 = 60
  private static let low44: UInt64 = 1 << 44 - 1
  private static let low52: UInt64 = 1 << 52 - 1

  private init(_ tag: Tag, _ fields: UInt64, _ bits: UInt64) {
    head = tag.rawValue << Self.tagShift | fields
    self.bits = bits
  }

  init(head: UInt64, bits: UInt64) {
    self.head = head
    self.bits = bits
  }

  static func boxed(_ index: Int) -> Packed { Packed(.boxed, UInt64(index), 0) }

  private var tag: Tag? { Tag(rawValue: head >> Self.tagShift) }
  private var fields: UInt64 { head & (1 << Self.tagShift - 1) }
  /// Whether this is a packed change of `call`'s counters.
  func isCounters(of call: Int) -> Bool { tag == .counters && Int(fields >> 49) == call }

  /// The one-word form, for a frame, src or dst change whose fields fit it.
  var compact: UInt64? {
    switch tag {
    case .frame: Compact.pack(kind: 0, field: fields >> 58, index: fields & (1 << 58 - 1), bits: bits)
    case .src: Compact.pack(kind: 1, field: fields >> 32, index: fields & 0xffff_ffff, bits: bits)
    case .dst: Compact.pack(kind: 2, field: fields >> 32, index: fields & 0xffff_ffff, bits: bits)
    default: nil
    }
  }

  /// A frame change's packed form, or nil if the pfn does not fit (then it is boxed).
  @inline(__always)
  static func frame(pfn: PFN, word: Int, bits: UInt64) -> Packed? {
    pfn < 1 << 58 && word < 4 ? Packed(.frame, UInt64(word) << 58 | pfn, bits) : nil
  }

  /// The packed form of `change`, or nil if a field does not fit (then it is boxed).
  @inline(__always) static func encode(_ change: Change) -> Packed? {
    switch change {
    case .frame(let pfn, let bits, let word): return frame(pfn: pfn, word: Int(word), bits: bits)
    case .src(let slot, let call, let bits) where call < 1 << 28:
      return Packed(.src, UInt64(call) << 32 | UInt64(slot), bits)
    case .dst(let slot, let call, let bits) where call < 1 << 28:
      return Packed(.dst, UInt64(call) << 32 | UInt64(slot), bits)
    case .pte(let vpn, let pfnBits, let flagBits, let process) where vpn <= low44 && pfnBits <= low52 && process < 1 << 12:
      return Packed(.pte, UInt64(flagBits) << 44 | vpn, UInt64(process) << 52 | pfnBits)
    case .pmd(let index, let pfnBits, let flagBits, let process)
    where index <= low44 && pfnBits <= low52 && process < 1 << 12:
      return Packed(.pmd, UInt64(flagBits) << 44 | index, UInt64(process) << 52 | pfnBits)
    case .counters(let call, let before, let after): return counters(call: call, before: before, after: after)
    default: return nil
    }
  }

  /// A packed counter change, if it packs.
  static func counters(call: Int, before: CallCounters, after: CallCounters) -> Packed? {
    guard packsCounters(call, before, after) else { return nil }
    let result = UInt64(before.setupResult.map { 1 << 16 | UInt64(UInt16(bitPattern: Int16($0))) } ?? 0)
    let deltas = UInt64(UInt16(bitPattern: Int16(after.cpages - before.cpages))) << 16
      | UInt64(UInt16(bitPattern: Int16(after.npages - before.npages)))
    return Packed(.counters, UInt64(call) << 49 | result << 32 | deltas, UInt64(before.cpages) << 32 | UInt64(before.npages))
  }

  /// This counter change of `call` extended to end at `after` (keeping its `before`), if that
  /// still packs.
  func folding(counters call: Int, to after: CallCounters) -> Packed? {
    Self.counters(call: call, before: countersBefore, after: after)
  }

  private var countersBefore: CallCounters {
    CallCounters(cpages: Int(bits >> 32), npages: Int(bits & 0xffff_ffff), setupResult: setupResult)
  }

  private var setupResult: Int? {
    fields >> 48 & 1 == 0 ? nil : Int(Int16(bitPattern: UInt16(truncatingIfNeeded: fields >> 32)))
  }

  /// Whether a counter change keeps its setup result and moves cpages and npages by a 16-bit
  /// step, with every value in range of its packing.
  static func packsCounters(_ call: Int, _ before: CallCounters, _ after: CallCounters) -> Bool {
    let inRange = { (value: Int) in value >= 0 && value < 1 << 32 }
    let result = before.setupResult.map { Int16(exactly: $0) != nil } ?? true
    return call >= 0 && call < 1 << 11 && before.setupResult == after.setupResult && result
      && inRange(before.npages) && inRange(before.cpages) && inRange(after.npages) && inRange(after.cpages)
      && Int16(exactly: after.cpages - before.cpages) != nil && Int16(exactly: after.npages - before.npages) != nil
  }

  func decode(boxed: [Change]) -> Change {
    switch tag {
    case .frame: return .frame(pfn: fields & (1 << 58 - 1), bits: bits, word: UInt8(fields >> 58))
    case .src: return .src(slot: UInt32(truncatingIfNeeded: fields), call: UInt32(fields >> 32), bits: bits)
    case .dst: return .dst(slot: UInt32(truncatingIfNeeded: fields), call: UInt32(fields >> 32), bits: bits)
    case .pte:
      return .pte(vpn: fields & Self.low44, pfnBits: bits & Self.low52, flagBits: UInt16(fields >> 44),
                  process: UInt16(bits >> 52))
    case .pmd:
      return .pmd(index: fields & Self.low44, pfnBits: bits & Self.low52, flagBits: UInt16(fields >> 44),
                  process: UInt16(bits >> 52))
    case .counters:
      let before = countersBefore
      let delta = { (shift: UInt64) in Int(Int16(bitPattern: UInt16(truncatingIfNeeded: fields >> shift))) }
      return .counters(call: Int(fields >> 49), before: before, after: CallCounters(
        cpages: before.cpages + delta(16), npages: before.npages + delta(0), setupResult: before.setupResult))
    case .boxed, nil: return boxed[Int(fields)]
    }
  }
}
