/// A process (an `mm_struct`) and its VMAs.
public struct ProcessSpec: Sendable, Hashable {
  public var name: String
  public var vmas: [VMASpec]
  public init(name: String, vmas: [VMASpec]) {
    self.name = name
    self.vmas = vmas
  }
}

/// The kind of memory a VMA maps.
public enum VMAKind: String, Sendable, Hashable, CaseIterable {
  /// Private anonymous memory (`vma_is_anonymous`): holes can be populated by migration.
  case anonPrivate = "anon"
  /// MAP_SHARED|MAP_ANONYMOUS (shmem): not anonymous, holes are skipped.
  case sharedAnon = "shared"
  /// A file mapping (MAP_PRIVATE or MAP_SHARED of a regular file).
  case file
}

/// VMA flags that make `migrate_vma_setup` refuse the VMA with -EINVAL.
public enum VMASpecialFlag: String, Sendable, Hashable, CaseIterable {
  case io = "VM_IO"
  case pfnmap = "VM_PFNMAP"
  case mixedmap = "VM_MIXEDMAP"
  case dontexpand = "VM_DONTEXPAND"
  case hugetlb
  case dax
}

/// A virtual memory area and the page-table entries that map it when the scenario starts.
public struct VMASpec: Sendable, Hashable {
  public var start: UInt64
  public var pages: Int
  public var kind: VMAKind
  public var readable: Bool
  public var writable: Bool
  public var special: [VMASpecialFlag]
  public var mappings: [MappingSpec]

  public init(
    start: UInt64, pages: Int, kind: VMAKind = .anonPrivate, readable: Bool = true, writable: Bool = true,
    special: [VMASpecialFlag] = [], mappings: [MappingSpec] = []
  ) {
    self.start = start
    self.pages = pages
    self.kind = kind
    self.readable = readable
    self.writable = writable
    self.special = special
    self.mappings = mappings
  }

  public var end: UInt64 { start + UInt64(pages) * 4096 }
}

/// The kind of a page-table entry given in a scenario.
public enum MappingEntryKind: String, Sendable, Hashable, CaseIterable {
  /// `PRESENT{pfn}`: an ordinary mapping (system or device-coherent page).
  case present
  /// The shared zero page, read-only.
  case zero
  /// A regular swap entry (never selected: P3).
  case swap
  /// A device-private swap entry (`make_{readable,writable}_device_private_entry`).
  case devicePrivate = "device_private"
  /// A device-exclusive entry (never selected: P3).
  case deviceExclusive = "device_exclusive"
  /// A migration entry left by another, unrelated migration (never selected: P3).
  case migration
  /// A PMD mapping a whole order-9 folio (`pmd_trans_huge`).
  case hugePMD = "huge_pmd"
  /// The huge zero PMD.
  case hugeZeroPMD = "huge_zero_pmd"
  /// A PMD-level device-private entry (v7.0).
  case devicePrivatePMD = "device_private_pmd"
}

/// One page-table entry: the page of the VMA it maps (index from the VMA start) and what it holds.
/// PMD kinds name the first page of a 2 MiB-aligned run of 512 pages.
public struct MappingSpec: Sendable, Hashable {
  // Declared widest first (24 bytes, not 40): a synthetic million-page scenario holds a
  // million of them.
  public var page: Int
  /// The pfn mapped (for PMD kinds: the head pfn; for a present mapping of a large folio: the page's pfn).
  public var pfn: UInt64?
  public var entry: MappingEntryKind
  public var write: Bool
  public var dirty: Bool
  public var young: Bool
  public var softDirty: Bool
  public var uffdWp: Bool

  public init(
    page: Int, entry: MappingEntryKind, pfn: UInt64? = nil, write: Bool = false, dirty: Bool = false,
    young: Bool = false, softDirty: Bool = false, uffdWp: Bool = false
  ) {
    self.page = page
    self.entry = entry
    self.pfn = pfn
    self.write = write
    self.dirty = dirty
    self.young = young
    self.softDirty = softDirty
    self.uffdWp = uffdWp
  }
}
