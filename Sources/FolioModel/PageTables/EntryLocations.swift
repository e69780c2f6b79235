/// The page-table entries naming one folio, a set kept as its first member inline plus the rest:
/// almost every folio has exactly one mapping, so a million-folio reverse map allocates nothing
/// per folio (a `Set` allocated ~100 bytes each). Large folios mapped by PTEs hold up to 512,
/// where the linear membership test is still cheap.
struct EntryLocations: Sequence {
  private var first: EntryLocation?
  private var rest: [EntryLocation] = []

  var isEmpty: Bool { first == nil }

  /// Every member, in insertion order (callers sort when order matters).
  var all: [EntryLocation] { first.map { [$0] + rest } ?? [] }

  mutating func insert(_ location: EntryLocation) {
    if first == nil {
      first = location
    } else if first != location && !rest.contains(location) {
      rest.append(location)
    }
  }

  mutating func remove(_ location: EntryLocation) {
    if first == location {
      first = rest.popLast()
    } else if let index = rest.firstIndex(of: location) {
      rest.remove(at: index)
    }
  }

  func makeIterator() -> IndexingIterator<[EntryLocation]> { all.makeIterator() }
}
