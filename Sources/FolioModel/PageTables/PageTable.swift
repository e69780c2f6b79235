/// One process's PTE level: a 512-entry table per PMD, as the kernel's page tables are, each a
/// copy-on-write array. A copy of the whole (a timeline checkpoint) shares every table, and a
/// later write copies only the table it touches. Keyed like a dictionary by virtual page number;
/// an absent vpn is `pte_none`, and iteration runs in address order.
public struct PageTable: Sendable, Hashable, Sequence {
  /// The entries under one PMD and how many of them are not `pte_none`.
  private struct Table: Sendable, Hashable {
    var entries = [PTE](repeating: .none, count: hpagePMDNr)
    var used = 0
  }

  /// Tables by PMD index (vpn >> 9); a table whose entries are all `pte_none` is dropped, so
  /// equal page tables compare equal.
  private var tables: [UInt64: Table] = [:]
  /// How many vpns map to an entry other than `pte_none`.
  public private(set) var count = 0

  public init() {}

  public subscript(vpn: UInt64) -> PTE? {
    get {
      guard let entry = tables[vpn >> 9]?.entries[Int(vpn & 511)], entry != .none else { return nil }
      return entry
    }
    set {
      let new = newValue ?? .none
      let key = vpn >> 9
      let slot = Int(vpn & 511)
      let old = tables[key]?.entries[slot] ?? .none
      guard old != new else { return }
      let delta = (new == .none ? 0 : 1) - (old == .none ? 0 : 1)
      count += delta
      if delta < 0 && tables[key]?.used == 1 {
        tables[key] = nil
        return
      }
      tables[key, default: Table()].entries[slot] = new
      tables[key, default: Table()].used += delta
    }
  }

  /// Every vpn that maps to an entry, in address order.
  public var keys: [UInt64] { map(\.key) }

  public func makeIterator() -> IndexingIterator<[(key: UInt64, value: PTE)]> {
    var entries: [(key: UInt64, value: PTE)] = []
    entries.reserveCapacity(count)
    for key in tables.keys.sorted() {
      guard let table = tables[key] else { continue }
      for (slot, entry) in table.entries.enumerated() where entry != .none {
        entries.append((key: key << 9 | UInt64(slot), value: entry))
      }
    }
    return entries.makeIterator()
  }
}
