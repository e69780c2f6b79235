/// One process's PTE level: a 512-entry table per PMD, as the kernel's page tables are, each a
/// copy-on-write array. A copy of the whole (a timeline checkpoint) shares every table, and a
/// later write copies only the table it touches. Keyed like a dictionary by virtual page number;
/// an absent vpn is `pte_none`, and iteration runs in address order.
public struct PageTable: Sendable, Hashable, Sequence {
  /// The entries under one PMD, each packed in one word (`pte_none` is 0), and how many of them
  /// are not `pte_none`. A word per entry halves what every copy of a table costs (a run keeps
  /// the tables of each checkpoint that a stretch of steps wrote).
  private struct Table: Sendable, Hashable {
    var entries = [UInt64](repeating: 0, count: hpagePMDNr)
    var used = 0
  }

  /// PMD indexes (vpn >> 9) that have a table, ascending, and their tables: a VMA's few
  /// thousand tables are found by binary search, which costs less than hashing the index on
  /// every one of a run's millions of entry reads. A table whose entries are all `pte_none` is
  /// dropped, so equal page tables compare equal.
  private var tableKeys: [UInt64] = []
  private var tables: [Table] = []
  /// How many vpns map to an entry other than `pte_none`.
  public private(set) var count = 0

  public init() {}

  /// Where `key` is in `keys`, or where it would be inserted. A VMA's tables are usually
  /// consecutive, so the index the first key's distance gives is tried before searching.
  @inline(__always) private func position(of key: UInt64) -> (index: Int, found: Bool) {
    if let first = tableKeys.first, key >= first, key - first < UInt64(tableKeys.count),
       tableKeys[Int(key - first)] == key {
      return (Int(key - first), true)
    }
    var low = 0
    var high = tableKeys.count
    while low < high {
      let middle = (low + high) / 2
      if tableKeys[middle] < key { low = middle + 1 } else { high = middle }
    }
    return (low, low < tableKeys.count && tableKeys[low] == key)
  }

  public subscript(vpn: UInt64) -> PTE? {
    get {
      let word = word(at: vpn)
      return word == 0 ? nil : PTE(word: word)
    }
    set { exchange(vpn, newValue?.word ?? 0) }
  }

  /// The packed entry at `vpn` (0 for `pte_none`; see `PTE.word`).
  @inline(__always) func word(at vpn: UInt64) -> UInt64 {
    let (index, found) = position(of: vpn >> 9)
    return found ? tables[index].entries[Int(vpn & 511)] : 0
  }

  /// Stores packed entry `new` at `vpn` and returns the one it replaces.
  @discardableResult
  mutating func exchange(_ vpn: UInt64, _ new: UInt64) -> UInt64 {
    let slot = Int(vpn & 511)
    let (index, found) = position(of: vpn >> 9)
    let old = found ? tables[index].entries[slot] : 0
    guard old != new else { return old }
    let delta = (new == 0 ? 0 : 1) - (old == 0 ? 0 : 1)
    count += delta
    if delta < 0 && tables[index].used == 1 {
      tableKeys.remove(at: index)
      tables.remove(at: index)
      return old
    }
    if !found {
      tableKeys.insert(vpn >> 9, at: index)
      tables.insert(Table(), at: index)
    }
    tables[index].entries[slot] = new
    tables[index].used += delta
    return old
  }

  /// XORs `bits` into the packed entry at `vpn` (a recorded change); returns the entry before
  /// and after.
  mutating func flip(_ vpn: UInt64, _ bits: UInt64) -> (before: UInt64, after: UInt64) {
    let before = word(at: vpn)
    exchange(vpn, before ^ bits)
    return (before, before ^ bits)
  }

  /// Every vpn that maps to an entry, in address order.
  public var keys: [UInt64] { map(\.key) }

  public func makeIterator() -> IndexingIterator<[(key: UInt64, value: PTE)]> {
    var entries: [(key: UInt64, value: PTE)] = []
    entries.reserveCapacity(count)
    for (key, table) in zip(tableKeys, tables) {
      for (slot, word) in table.entries.enumerated() where word != 0 {
        entries.append((key: key << 9 | UInt64(slot), value: PTE(word: word)))
      }
    }
    return entries.makeIterator()
  }
}
