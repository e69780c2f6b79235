/// One process's PTE level: a 512-entry table per PMD, as the kernel's page tables are, each a
/// copy-on-write array. A copy of the whole (a timeline checkpoint) shares every table, and a
/// later write copies only the table it touches. Keyed like a dictionary by virtual page number;
/// an absent vpn is `pte_none`, and iteration runs in address order.
public struct PageTable: Sendable, Hashable, Sequence {
  /// The entries under one PMD, each packed in one word (`pte_none` is 0), and how many of them
  /// are not `pte_none`. A word per entry halves what every copy of a table costs (a run keeps
  /// the tables of each checkpoint that a stretch of steps wrote).
  fileprivate struct Table: Sendable, Hashable {
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

  /// Where `key` is in `keys`, or where it would be inserted. A VMA's tables are nearly
  /// evenly spread (consecutive, or with a regular gap such as a PMD-mapped THP every few
  /// tables), so the index the key's place between the first and last keys gives is tried, and
  /// its neighbours, before searching.
  @inline(__always) private func position(of key: UInt64) -> (index: Int, found: Bool) {
    guard let first = tableKeys.first, let last = tableKeys.last, key > first, key < last else {
      if let first = tableKeys.first, key <= first { return (0, key == first) }
      let count = tableKeys.count
      return count > 0 && key == tableKeys[count - 1] ? (count - 1, true) : (count, false)
    }
    // Both products stay far below 2^64: keys are vpn >> 9 (below 2^27), and so is the count.
    let guess = Int((key - first) * UInt64(tableKeys.count - 1) / (last - first))
    for index in Swift.max(0, guess - 1)...Swift.min(tableKeys.count - 1, guess + 1) where tableKeys[index] >= key {
      if tableKeys[index] == key || index > 0 && tableKeys[index - 1] < key { return (index, tableKeys[index] == key) }
      break
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

  /// Whether any table under PMD indexes (vpn >> 9) `indexes` has an entry.
  func hasEntries(pmdIndexes indexes: Range<UInt64>) -> Bool {
    let index = position(of: indexes.lowerBound).index
    return index < tableKeys.count && tableKeys[index] < indexes.upperBound
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

  public func makeIterator() -> Iterator { Iterator(keys: tableKeys, tables: tables) }

  /// Walks the entries in address order, table by table, without collecting them first.
  public struct Iterator: IteratorProtocol {
    private let keys: [UInt64]
    private let tables: [Table]
    private var table = 0
    private var slot = 0

    fileprivate init(keys: [UInt64], tables: [Table]) {
      self.keys = keys
      self.tables = tables
    }

    public mutating func next() -> (key: UInt64, value: PTE)? {
      while table < tables.count {
        while slot < hpagePMDNr {
          let word = tables[table].entries[slot]
          slot += 1
          if word != 0 { return (key: keys[table] << 9 | UInt64(slot - 1), value: PTE(word: word)) }
        }
        (table, slot) = (table + 1, 0)
      }
      return nil
    }
  }

  /// A copy whose tables share no storage with this one's (see `Machine.unshared()`).
  func unshared() -> PageTable {
    var copy = self
    copy.tables = tables.map { Table(entries: $0.entries.withUnsafeBufferPointer { Array($0) }, used: $0.used) }
    return copy
  }
}
