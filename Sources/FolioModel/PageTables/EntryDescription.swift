/// A page-table entry reduced to the trace's vocabulary (none, present, zero, migration,
/// device_private, swap, device_exclusive), its pfn and its write bit.
public struct EntryDescription: Sendable, Hashable {
  public var kind: String
  public var pfn: PFN?
  public var write: Bool

  public init(_ pte: PTE) {
    switch pte {
    case .none: (kind, pfn, write) = ("none", nil, false)
    case .present(let bits): (kind, pfn, write) = ("present", bits.pfn, bits.write)
    case .zero: (kind, pfn, write) = ("zero", nil, false)
    case .migration(let entry): (kind, pfn, write) = ("migration", entry.pfn, entry.kind == .write)
    case .devicePrivate(let entry): (kind, pfn, write) = ("device_private", entry.pfn, entry.write)
    case .deviceExclusive(let frame): (kind, pfn, write) = ("device_exclusive", frame, false)
    case .swap: (kind, pfn, write) = ("swap", nil, false)
    }
  }

  public init(_ pmd: PMD) {
    switch pmd {
    case .table: (kind, pfn, write) = ("none", nil, false)
    case .huge(let bits): (kind, pfn, write) = ("present", bits.pfn, bits.write)
    case .hugeZero: (kind, pfn, write) = ("zero", nil, false)
    case .migration(let entry): (kind, pfn, write) = ("migration", entry.pfn, entry.kind == .write)
    case .devicePrivate(let entry): (kind, pfn, write) = ("device_private", entry.pfn, entry.write)
    }
  }
}
