/// The three kinds of migration entry (`SWP_MIGRATION_READ`, `_READ_EXCLUSIVE`, `_WRITE`).
public enum MigrationKind: String, Sendable, Hashable {
  case read
  case readExclusive = "read_exclusive"
  case write
}

/// The bits of a present PTE (or huge PMD) that migration reads and restores.
public struct PresentBits: Sendable, Hashable {
  public var pfn: PFN
  public var write: Bool
  public var dirty: Bool
  public var young: Bool
  public var softDirty: Bool
  public var uffdWp: Bool
  public init(pfn: PFN, write: Bool = false, dirty: Bool = false, young: Bool = false, softDirty: Bool = false, uffdWp: Bool = false) {
    self.pfn = pfn
    self.write = write
    self.dirty = dirty
    self.young = young
    self.softDirty = softDirty
    self.uffdWp = uffdWp
  }
}

extension PresentBits {
  /// `pte_mkdirty()`/`pmd_mkdirty()`: on every architecture that tracks soft-dirty (x86, s390,
  /// powerpc, riscv) it sets the soft-dirty bit along with the dirty bit, so an entry the kernel
  /// rebuilds dirty is soft-dirty too.
  mutating func mkdirty() {
    dirty = true
    softDirty = true
  }
}

/// A migration entry (`make_*_migration_entry`), with the young/dirty bits of
/// `migration_entry_supports_ad` and the PTE-level soft-dirty/uffd-wp bits.
public struct MigrationEntry: Sendable, Hashable {
  public var pfn: PFN
  public var kind: MigrationKind
  public var young: Bool
  public var dirty: Bool
  public var softDirty: Bool
  public var uffdWp: Bool
  public init(pfn: PFN, kind: MigrationKind, young: Bool = false, dirty: Bool = false, softDirty: Bool = false, uffdWp: Bool = false) {
    self.pfn = pfn
    self.kind = kind
    self.young = young
    self.dirty = dirty
    self.softDirty = softDirty
    self.uffdWp = uffdWp
  }
}

/// A device-private swap entry (`make_{readable,writable}_device_private_entry`): no A/D bits.
public struct DevicePrivateEntry: Sendable, Hashable {
  public var pfn: PFN
  public var write: Bool
  public var softDirty: Bool
  public var uffdWp: Bool
  public init(pfn: PFN, write: Bool, softDirty: Bool = false, uffdWp: Bool = false) {
    self.pfn = pfn
    self.write = write
    self.softDirty = softDirty
    self.uffdWp = uffdWp
  }
}

/// The bits a zero-page PTE keeps: in v7.0 (a late-2025 fix) `try_to_map_unused_to_zeropage`
/// copies a migration entry's soft-dirty and uffd-wp bits onto the zero-page PTE it installs.
public struct ZeroPageBits: Sendable, Hashable {
  public var softDirty: Bool
  public var uffdWp: Bool
  public init(softDirty: Bool = false, uffdWp: Bool = false) {
    self.softDirty = softDirty
    self.uffdWp = uffdWp
  }
}

/// One page-table entry for a 4 KiB page.
public enum PTE: Sendable, Hashable {
  case none
  case present(PresentBits)
  /// The shared zero page, mapped read-only (special); `.zero()` for one without bits.
  case zero(ZeroPageBits = ZeroPageBits())
  case migration(MigrationEntry)
  case devicePrivate(DevicePrivateEntry)
  case deviceExclusive(pfn: PFN)
  case swap(offset: UInt64)

  /// The pfn this entry names, if any (the zero page has none of ours).
  public var pfn: PFN? {
    switch self {
    case .none, .zero, .swap: nil
    case .present(let bits): bits.pfn
    case .migration(let entry): entry.pfn
    case .devicePrivate(let entry): entry.pfn
    case .deviceExclusive(let pfn): pfn
    }
  }

  public var isPresent: Bool {
    switch self {
    case .present, .zero: true
    default: false
    }
  }
}

/// One PMD entry covering 512 pages: a pointer to a PTE table, or a leaf for a whole THP.
public enum PMD: Sendable, Hashable {
  /// `pmd_none`, or a PTE table (the PTEs live in the process's PTE map).
  case table
  case huge(PresentBits)
  case hugeZero
  case migration(MigrationEntry)
  case devicePrivate(DevicePrivateEntry)

  /// `pmd_trans_huge`: a present leaf mapping a whole THP (or the huge zero page).
  public var isTransHuge: Bool {
    switch self {
    case .huge, .hugeZero: true
    default: false
    }
  }

  public var pfn: PFN? {
    switch self {
    case .table, .hugeZero: nil
    case .huge(let bits): bits.pfn
    case .migration(let entry): entry.pfn
    case .devicePrivate(let entry): entry.pfn
    }
  }
}

extension PTE {
  /// A present or device-private entry: a mapping, holding a reference and a mapcount.
  var isMapping: Bool {
    switch self {
    case .present, .devicePrivate: true
    default: false
    }
  }

  var isMigration: Bool {
    if case .migration = self { true } else { false }
  }

  var isDeviceExclusive: Bool {
    if case .deviceExclusive = self { true } else { false }
  }

  var isZero: Bool {
    if case .zero = self { true } else { false }
  }
}

extension PMD {
  /// A huge or device-private PMD: a mapping of the whole folio.
  var isMapping: Bool {
    switch self {
    case .huge, .devicePrivate: true
    default: false
    }
  }

  var isMigration: Bool {
    if case .migration = self { true } else { false }
  }
}
