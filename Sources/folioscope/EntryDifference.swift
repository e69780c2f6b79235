import FolioModel

/// What two matched steps leave different in the page tables that their texts do not say: the
/// first entry either one wrote that ends with other bits under the other kernel (v7.0's
/// `remove_migration_pte` keeps a dirty PTE's soft-dirty bit as the migration entry had it, v6.8's
/// leaves the one `pte_mkdirty` set), so that `compare` does not print two identical lines unexplained.
enum EntryDifference {
  static func describe(_ pair: (Step, Step), _ old: Timeline, _ new: Timeline) -> String? {
    let states = (old.state(at: pair.0.index), new.state(at: pair.1.index))
    for change in pair.0.changes + pair.1.changes {
      let (process, address): (Int, UInt64)
      switch change {
      case .pte(let vpn, _, _, let p): (process, address) = (Int(p), vpn << 12)
      case .pmd(let index, _, _, let p): (process, address) = (Int(p), index << 21)
      default: continue
      }
      guard process < states.0.processes.count, process < states.1.processes.count else { continue }
      let (v68, v70) = (leaf(states.0, process, address), leaf(states.1, process, address))
      guard v68 != v70 else { continue }
      return "    The entry at \(states.0.processes[process].name):\(MigratePFN.hex(address)) ends \(v68) under v6.8, "
        + "\(v70) under v7.0."
    }
    return nil
  }

  /// The entry that maps `address` (a PMD leaf, else the PTE): its kind, level and bits.
  private static func leaf(_ machine: Machine, _ process: Int, _ address: UInt64) -> String {
    let tables = machine.processes[process]
    let pmd = tables.pmd(at: address)
    let (kind, level, bits) = pmd == .table
      ? (EntryDescription(tables.pte(at: address)).kind, "PTE", EntryDescription.bits(of: tables.pte(at: address)))
      : (EntryDescription(pmd).kind, "PMD", EntryDescription.bits(of: pmd))
    return "a \(kind) \(level) [\(bits.joined(separator: " "))]"
  }
}
