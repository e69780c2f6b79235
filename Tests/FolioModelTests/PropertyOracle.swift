import FolioModel
import FolioScenario

/// What a virtual page resolves to, as far as the properties care: the kind of mapping, the pfn
/// it names (PMD leaves resolved to the page under the address) and whether it is writable.
struct ResolvedMapping: Hashable, CustomStringConvertible {
  enum Kind: String { case none, zero, present, devicePrivate = "device_private", migration, swap, deviceExclusive = "device_exclusive" }
  var kind: Kind
  var pfn: PFN?
  var write: Bool

  var description: String { "\(kind.rawValue)\(pfn.map { " " + MigratePFN.hex($0) } ?? "")\(write ? " W" : "")" }
}

extension Machine {
  /// The entry mapping `address` in process `p`, with a PMD leaf resolved to the 4 KiB page.
  func resolved(_ p: Int, _ address: UInt64) -> ResolvedMapping {
    let process = processes[p]
    let offset = (address >> 12) & UInt64(hpagePMDNr - 1)
    switch process.pmd(at: address) {
    case .huge(let bits): return ResolvedMapping(kind: .present, pfn: bits.pfn + offset, write: bits.write)
    case .hugeZero: return ResolvedMapping(kind: .zero, pfn: nil, write: false)
    case .migration(let entry): return ResolvedMapping(kind: .migration, pfn: entry.pfn + offset, write: entry.kind == .write)
    case .devicePrivate(let entry):
      return ResolvedMapping(kind: .devicePrivate, pfn: entry.pfn + offset, write: entry.write)
    case .table: break
    }
    switch process.pte(at: address) {
    case .none: return ResolvedMapping(kind: .none, pfn: nil, write: false)
    case .zero: return ResolvedMapping(kind: .zero, pfn: nil, write: false)
    case .present(let bits): return ResolvedMapping(kind: .present, pfn: bits.pfn, write: bits.write)
    case .migration(let entry): return ResolvedMapping(kind: .migration, pfn: entry.pfn, write: entry.kind == .write)
    case .devicePrivate(let entry): return ResolvedMapping(kind: .devicePrivate, pfn: entry.pfn, write: entry.write)
    case .deviceExclusive(let pfn): return ResolvedMapping(kind: .deviceExclusive, pfn: pfn, write: false)
    case .swap(let offset): return ResolvedMapping(kind: .swap, pfn: offset, write: false)
    }
  }

  /// The bits of the present entry (a huge PMD, else a PTE) mapping `address` in process `p`;
  /// for a PMD, its pfn is the THP's head, which holds the folio's flags.
  func presentBits(_ p: Int, _ address: UInt64) -> PresentBits? {
    if case .huge(let bits) = processes[p].pmd(at: address) { return bits }
    if case .present(let bits) = processes[p].pte(at: address) { return bits }
    return nil
  }

  /// The dirty bit of the present entry mapping `address` in process `p`.
  func dirty(_ p: Int, _ address: UInt64) -> Bool { presentBits(p, address)?.dirty == true }

  /// Whether the page a present entry maps at `address` is PageAnonExclusive; a PMD-mapped
  /// THP keeps the flag on its head (a split hands it to every page).
  func anonExclusive(_ p: Int, _ address: UInt64) -> Bool {
    presentBits(p, address).flatMap { frame($0.pfn)?.anonExclusive } == true
  }

  /// The data a program reads at `address` of process `p`: 0 for a hole or the zero page, the
  /// page's content for a mapped page, the entry itself for swap and device-exclusive entries
  /// (whose data the model does not hold), and nil when a mapped page has lost its content.
  func data(_ p: Int, _ address: UInt64) -> String? {
    let mapping = resolved(p, address)
    switch mapping.kind {
    case .none, .zero: return MigratePFN.hex(0)
    case .swap, .deviceExclusive: return mapping.description
    case .present, .devicePrivate, .migration:
      guard let pfn = mapping.pfn, let content = frame(pfn)?.content else { return nil }
      return MigratePFN.hex(content)
    }
  }

  /// Every virtual page of every VMA, as (process, address).
  var virtualPages: [(process: Int, address: UInt64)] {
    processes.indices.flatMap { p in
      processes[p].vmas.flatMap { vma in
        stride(from: vma.start, to: vma.end, by: Int(pageSize)).map { (process: p, address: $0) }
      }
    }
  }

  /// Every virtual page whose entry names `pfn` (a PMD leaf names each of its 512 pages).
  func mappers(of pfn: PFN) -> [(process: Int, address: UInt64)] {
    var found: [(process: Int, address: UInt64)] = []
    for (p, process) in processes.enumerated() {
      for (vpn, pte) in process.ptes where pte.pfn == pfn { found.append((p, vpn << 12)) }
      for (index, pmd) in process.pmds {
        guard let head = pmd.pfn, pfn >= head, pfn < head + UInt64(hpagePMDNr) else { continue }
        found.append((p, (index << 21) + (pfn - head) * pageSize))
      }
    }
    return found
  }

  /// Every migration entry (PTE or PMD) with where it is.
  var migrationEntries: [(process: Int, address: UInt64, pfn: PFN)] {
    processes.enumerated().flatMap { p, process in
      process.ptes.compactMap { vpn, pte -> (process: Int, address: UInt64, pfn: PFN)? in
        if case .migration(let entry) = pte { return (p, vpn << 12, entry.pfn) }
        return nil
      } + process.pmds.compactMap { index, pmd -> (process: Int, address: UInt64, pfn: PFN)? in
        if case .migration(let entry) = pmd { return (p, index << 21, entry.pfn) }
        return nil
      }
    }
  }
}
