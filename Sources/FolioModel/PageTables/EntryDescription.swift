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

extension EntryDescription {
  /// The bits set in an entry, by the trace's names (`write`, `dirty`, `young`, `soft_dirty`,
  /// `uffd_wp`, and `exclusive` for a read-exclusive migration entry), in that order.
  public static func bits(of pte: PTE) -> [String] {
    switch pte {
    case .present(let b): names(b.write, b.dirty, b.young, b.softDirty, b.uffdWp)
    case .migration(let e): names(e.kind == .write, e.dirty, e.young, e.softDirty, e.uffdWp, exclusive: e.kind == .readExclusive)
    case .devicePrivate(let e): names(e.write, false, false, e.softDirty, e.uffdWp)
    case .zero(let z): names(false, false, false, z.softDirty, z.uffdWp)
    case .none, .deviceExclusive, .swap: []
    }
  }

  /// As `bits(of:)`, for a PMD.
  public static func bits(of pmd: PMD) -> [String] {
    switch pmd {
    case .huge(let b): bits(of: PTE.present(b))
    case .migration(let e): bits(of: PTE.migration(e))
    case .devicePrivate(let e): bits(of: PTE.devicePrivate(e))
    case .table, .hugeZero: []
    }
  }

  private static func names(_ write: Bool, _ dirty: Bool, _ young: Bool, _ softDirty: Bool, _ uffdWp: Bool,
                            exclusive: Bool = false) -> [String] {
    [(write, "write"), (dirty, "dirty"), (young, "young"), (softDirty, "soft_dirty"), (uffdWp, "uffd_wp"),
     (exclusive, "exclusive")].filter(\.0).map(\.1)
  }
}
