/// Where a page-table entry that names a folio lives: a process and a PTE (vpn) or PMD index,
/// packed in one word (process, then "is a PTE", then the index) so that sorting the words
/// sorts by process, PMDs before PTEs, then address — the order our rmap walk uses.
struct EntryLocation: Hashable {
  /// Below 2^63 (at most 4096 processes), so the reverse map can use the top values as marks.
  fileprivate(set) var packed: UInt64

  private static let indexBits: UInt64 = 50
  private static let pteBit: UInt64 = 1 << indexBits

  init(process: Int, isPMD: Bool, index: UInt64) {
    precondition(process >= 0 && process < 1 << 12 && index < Self.pteBit, "entry location out of range")
    packed = UInt64(process) << (Self.indexBits + 1) | (isPMD ? 0 : Self.pteBit) | index
  }

  var process: Int { Int(packed >> (Self.indexBits + 1)) }
  var isPMD: Bool { packed & Self.pteBit == 0 }
  var index: UInt64 { packed & (Self.pteBit - 1) }
  var address: UInt64 { isPMD ? index << 21 : index << 12 }
}

/// The page-table entries naming one folio, a set kept as its first member inline plus the rest:
/// almost every folio has exactly one mapping, so a million-folio reverse map allocates nothing
/// per folio. Large folios mapped by PTEs hold up to 512, where the linear membership test is
/// still cheap. Iterates without allocating.
struct EntryLocations: Sequence {
  /// The first member's packed word; `empty` when there is none (no location packs to it).
  private var first = Self.empty
  private var rest: [UInt64] = []

  private static let empty = UInt64.max

  var isEmpty: Bool { first == Self.empty }

  /// The member, when there is exactly one.
  var single: EntryLocation? { first != Self.empty && rest.isEmpty ? EntryLocation(packed: first) : nil }

  mutating func insert(_ location: EntryLocation) {
    if first == Self.empty {
      first = location.packed
    } else if first != location.packed && !rest.contains(location.packed) {
      rest.append(location.packed)
    }
  }

  mutating func remove(_ location: EntryLocation) {
    if first == location.packed {
      first = rest.popLast() ?? Self.empty
    } else if let index = rest.firstIndex(of: location.packed) {
      rest.remove(at: index)
    }
  }

  /// The same set, iterated in walk order (process, PMDs first, then address).
  var sorted: EntryLocations {
    guard !rest.isEmpty else { return self }
    var all = rest
    all.append(first)
    all.sort()
    var result = EntryLocations()
    result.first = all.removeFirst()
    result.rest = all
    return result
  }

  struct Iterator: IteratorProtocol {
    fileprivate let set: EntryLocations
    /// -1 for `first`, then indices into `rest`.
    fileprivate var position = -1

    mutating func next() -> EntryLocation? {
      defer { position += 1 }
      if position < 0 { return set.isEmpty ? nil : EntryLocation(packed: set.first) }
      return position < set.rest.count ? EntryLocation(packed: set.rest[position]) : nil
    }
  }

  func makeIterator() -> Iterator { Iterator(set: self) }
}

extension EntryLocation {
  init(packed: UInt64) { self.packed = packed }
}
