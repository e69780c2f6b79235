/// The reverse map (`folio → every PTE and PMD naming it`, what the kernel's rmap walk finds),
/// kept per frame position of the machine rather than in a dictionary keyed by pfn: a
/// million-slot run indexes and unindexes millions of entries, and hashing each pfn cost more
/// than the rest of the update. Only folio heads have members.
///
/// Almost every folio has at most one mapping, held as one packed word per position (8 bytes
/// a frame); the few with more (shared after fork, PTE-mapped large folios) keep their set in
/// a side table, which the position's word names (a dictionary there cost a hash per update of
/// every shared folio).
struct ReverseMap {
  /// Per position: the only member's packed location, `none`, or `several` plus the index of
  /// its set in `sets`. A location packs below 2^63, so the top bit marks the other two.
  private var singles: [UInt64]
  private var sets: [EntryLocations] = []
  /// Indices of `sets` no position uses.
  private var freeSets: [Int] = []

  private static let none = UInt64.max
  private static let several: UInt64 = 1 << 63

  init(frames: Int) { singles = Array(repeating: Self.none, count: frames) }

  func isMapped(_ position: Int) -> Bool { singles[position] != Self.none }

  /// The index in `sets` of the set of `position`, if it has several members.
  private func setIndex(_ position: Int) -> Int? {
    let word = singles[position]
    return word != Self.none && word & Self.several != 0 ? Int(word & ~Self.several) : nil
  }

  /// The locations naming the folio whose head is at `position`, in walk order.
  func locations(_ position: Int) -> EntryLocations {
    if let index = setIndex(position) { return sets[index].sorted }
    var set = EntryLocations()
    if singles[position] != Self.none { set.insert(EntryLocation(packed: singles[position])) }
    return set
  }

  mutating func insert(_ location: EntryLocation, at position: Int) {
    if let index = setIndex(position) { return sets[index].insert(location) }
    let packed = singles[position]
    guard packed != Self.none else {
      singles[position] = location.packed
      return
    }
    guard packed != location.packed else { return }
    var set = EntryLocations()
    set.insert(EntryLocation(packed: packed))
    set.insert(location)
    let index: Int
    if let free = freeSets.popLast() {
      index = free
      sets[index] = set
    } else {
      index = sets.count
      sets.append(set)
    }
    singles[position] = Self.several | UInt64(index)
  }

  mutating func remove(_ location: EntryLocation, at position: Int) {
    if let index = setIndex(position) {
      sets[index].remove(location)
      guard let only = sets[index].single else { return }
      release(index)
      singles[position] = only.packed
    } else if singles[position] == location.packed {
      singles[position] = Self.none
    }
  }

  /// Takes every location of `position` out (for re-keying after a split).
  mutating func removeAll(at position: Int) -> EntryLocations {
    let locations = locations(position)
    if let index = setIndex(position) { release(index) }
    singles[position] = Self.none
    return locations
  }

  private mutating func release(_ index: Int) {
    sets[index] = EntryLocations()
    freeSets.append(index)
  }
}
