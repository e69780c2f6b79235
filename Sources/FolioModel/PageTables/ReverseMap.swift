/// The reverse map (`folio → every PTE and PMD naming it`, what the kernel's rmap walk finds),
/// kept per frame position of the machine rather than in a dictionary keyed by pfn: a
/// million-slot run indexes and unindexes millions of entries, and hashing each pfn cost more
/// than the rest of the update. Only folio heads have members.
///
/// Almost every folio has at most one mapping, held as one packed word per position (8 bytes
/// a frame); the few with more (shared after fork, PTE-mapped large folios) keep their set in
/// a side table.
struct ReverseMap {
  /// Per position: the only member's packed location, `none`, or `several`.
  private var singles: [UInt64]
  private var sets: [Int: EntryLocations] = [:]

  private static let none = UInt64.max
  private static let several = UInt64.max - 1

  init(frames: Int) { singles = Array(repeating: Self.none, count: frames) }

  func isMapped(_ position: Int) -> Bool { singles[position] != Self.none }

  /// The locations naming the folio whose head is at `position`, in walk order.
  func locations(_ position: Int) -> EntryLocations {
    switch singles[position] {
    case Self.none: return EntryLocations()
    case Self.several: return sets[position]?.sorted ?? EntryLocations()
    case let packed:
      var set = EntryLocations()
      set.insert(EntryLocation(packed: packed))
      return set
    }
  }

  mutating func insert(_ location: EntryLocation, at position: Int) {
    switch singles[position] {
    case Self.none: singles[position] = location.packed
    case Self.several: sets[position]?.insert(location)
    case location.packed: break
    case let packed:
      var set = EntryLocations()
      set.insert(EntryLocation(packed: packed))
      set.insert(location)
      sets[position] = set
      singles[position] = Self.several
    }
  }

  mutating func remove(_ location: EntryLocation, at position: Int) {
    switch singles[position] {
    case Self.none: break
    case Self.several:
      sets[position]?.remove(location)
      if let only = sets[position]?.single {
        sets[position] = nil
        singles[position] = only.packed
      }
    case location.packed: singles[position] = Self.none
    default: break
    }
  }

  /// Takes every location of `position` out (for re-keying after a split).
  mutating func removeAll(at position: Int) -> EntryLocations {
    let locations = locations(position)
    singles[position] = Self.none
    sets[position] = nil
    return locations
  }
}
