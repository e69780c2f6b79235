/// The reverse map (`folio → every PTE and PMD naming it`, what the kernel's rmap walk finds),
/// kept per frame position of the machine rather than in a dictionary keyed by pfn: a
/// million-slot run indexes and unindexes millions of entries, and hashing each pfn cost more
/// than the rest of the update. Only folio heads have members.
struct ReverseMap {
  private var heads: [EntryLocations]

  init(frames: Int) { heads = Array(repeating: EntryLocations(), count: frames) }

  func isMapped(_ position: Int) -> Bool { !heads[position].isEmpty }

  /// The locations naming the folio whose head is at `position`, in walk order.
  func locations(_ position: Int) -> EntryLocations { heads[position].sorted }

  mutating func insert(_ location: EntryLocation, at position: Int) {
    heads[position].insert(location)
  }

  mutating func remove(_ location: EntryLocation, at position: Int) {
    heads[position].remove(location)
  }

  /// Takes every location of `position` out (for re-keying after a split).
  mutating func removeAll(at position: Int) -> EntryLocations {
    let locations = heads[position]
    heads[position] = EntryLocations()
    return locations
  }

  /// Every position with members, in position order.
  var mappedPositions: [Int] { heads.indices.filter { !heads[$0].isEmpty } }
}
