/// A page frame number.
public typealias PFN = UInt64

/// The zone a page frame belongs to (`page_zonenum`, and for ZONE_DEVICE the pgmap type).
public enum Zone: String, Sendable, Hashable {
  case normal
  case devicePrivate = "device_private"
  case deviceCoherent = "device_coherent"

  public var isDevice: Bool { self != .normal }
}

/// Who holds a folio's PG_locked bit.
public enum LockHolder: String, Sendable, Hashable {
  /// The migration itself (collect's trylock, `migrate_device_pfn_lock`, `folio_lock`).
  case migration
  /// The driver, for a destination page (`zone_device_page_init` or `lock_page`).
  case driver
  /// `do_swap_page`, for the page of a CPU fault it handles: a device page (`fault_page`,
  /// v6.15+) or the folio of a device-exclusive entry (`remove_device_exclusive_entry`).
  case faultHandler = "fault handler"
  /// Some other thread of the scenario.
  case otherThread = "another thread"
}

/// What `folio->mapping` points at.
public enum FolioMapping: String, Sendable, Hashable {
  case none, anon, file, shmem
}

/// One `struct page`, with the fields of its folio kept on the head page (`head == pfn`).
///
/// Folio-wide state (refcount, mapcount, PG_locked, PG_lru, PG_dirty, mapping, swapcache, pins,
/// order) is meaningful on the head only; `anonExclusive` and `content` are per page.
///
/// The state is kept as four packed 64-bit words (`PageFrame+Words.swift`) and every field is a
/// view of its bits: frames are stored packed and a recorded change flips bits of one word, so a
/// frame read or written costs a copy of the words, not a decode and an encode.
public struct PageFrame: Sendable, Hashable {
  public var pfn: PFN
  /// Word 0: content; 1: refcount and mapcount; 2: pins, head offset, order, region; 3: flags.
  var words: (UInt64, UInt64, UInt64, UInt64)

  public init(pfn: PFN, zone: Zone, region: UInt8) {
    self.pfn = pfn
    words = (0, 0, UInt64(region) << Self.regionShift, UInt64(zone.code) | Self.flag(.free))
  }

  public static func == (a: PageFrame, b: PageFrame) -> Bool { a.pfn == b.pfn && a.words == b.words }

  public func hash(into hasher: inout Hasher) {
    hasher.combine(pfn)
    hasher.combine(words.0)
    hasher.combine(words.1)
    hasher.combine(words.2)
    hasher.combine(words.3)
  }

  public var zone: Zone {
    get { Zone(code: words.3 & 3) }
    set { words.3 = words.3 & ~3 | UInt64(newValue.code) }
  }
  /// For a ZONE_DEVICE page, the index of its pgmap's region in `Machine.regions` (whose name is
  /// the pgmap owner); 0 for system RAM. An index keeps the frame a plain value (cheap to copy).
  public var region: UInt8 {
    get { UInt8(truncatingIfNeeded: words.2 >> Self.regionShift) }
    set { words.2 = words.2 & ~(0xff << Self.regionShift) | UInt64(newValue) << Self.regionShift }
  }
  /// In the buddy allocator or on the driver's free list (refcount 0, no folio).
  public var free: Bool {
    get { has(.free) }
    set { set(.free, newValue) }
  }
  public var lockedBy: LockHolder? {
    get { LockHolder.decode(words.3 >> 2 & 7) }
    set { words.3 = words.3 & ~(7 << 2) | UInt64(newValue.code) << 2 }
  }
  public var lru: Bool {
    get { has(.lru) }
    set { set(.lru, newValue) }
  }
  public var dirty: Bool {
    get { has(.dirty) }
    set { set(.dirty, newValue) }
  }
  public var mapping: FolioMapping {
    get { FolioMapping(code: words.3 >> 5 & 3) }
    set { words.3 = words.3 & ~(3 << 5) | UInt64(newValue.code) << 5 }
  }
  public var swapcache: Bool {
    get { has(.swapcache) }
    set { set(.swapcache, newValue) }
  }
  /// `PageAnonExclusive` of this page.
  public var anonExclusive: Bool {
    get { has(.anonExclusive) }
    set { set(.anonExclusive, newValue) }
  }

  /// The folio's head pfn.
  public var head: PFN {
    get { pfn - PFN(Self.headOffset(word2: words.2)) }
    set { words.2 = words.2 & ~(0xffff << 32) | UInt64(UInt16(truncatingIfNeeded: pfn - newValue)) << 32 }
  }
  public var order: Int {
    get { Int(words.2 >> 48 & 0xff) }
    set { words.2 = words.2 & ~(0xff << 48) | UInt64(UInt8(truncatingIfNeeded: newValue)) << 48 }
  }
  public var refcount: Int {
    get { Int(Int32(truncatingIfNeeded: words.1)) }
    set { words.1 = words.1 & ~0xffff_ffff | UInt64(UInt32(truncatingIfNeeded: newValue)) }
  }
  /// Total PTE/PMD mappings of the folio (migration entries do not count).
  public var mapcount: Int {
    get { Int(Int32(truncatingIfNeeded: words.1 >> 32)) }
    set { words.1 = words.1 & 0xffff_ffff | UInt64(UInt32(truncatingIfNeeded: newValue)) << 32 }
  }
  /// FOLL_PIN pins: each adds 1024 to a small folio's refcount, 1 to a large one's (whose pins
  /// are counted apart, as `_pincount`).
  public var pins: Int {
    get { Int(Int32(truncatingIfNeeded: words.2)) }
    set { words.2 = words.2 & ~0xffff_ffff | UInt64(UInt32(truncatingIfNeeded: newValue)) }
  }
  /// What this page holds; nil for a free page.
  public var content: UInt64? {
    get { has(.hasContent) ? words.0 : nil }
    set {
      set(.hasContent, newValue != nil)
      words.0 = newValue ?? 0
    }
  }

  public var isHead: Bool { head == pfn }
  public var pageCount: Int { 1 << order }
  /// References a cache holds on each page of the folio: the swap cache's, or else a file's or
  /// shmem's page cache (a shmem page in the swap cache has left its page cache).
  public var cacheReferencesPerPage: Int {
    swapcache ? 1 : (mapping == .file || mapping == .shmem ? 1 : 0)
  }
  public var isLocked: Bool { lockedBy != nil }
}

/// `GUP_PIN_COUNTING_BIAS`: what one FOLL_PIN adds to a folio's refcount.
public let gupPinCountingBias = 1024
