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
  /// `do_swap_page`, for the device page of a CPU fault (`fault_page`, v6.15+).
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
public struct PageFrame: Sendable, Hashable {
  public var pfn: PFN
  public var zone: Zone
  /// The pgmap owner (device name) of a ZONE_DEVICE page.
  public var owner: String?
  /// The folio's head pfn.
  public var head: PFN
  public var order: Int
  /// In the buddy allocator or on the driver's free list (refcount 0, no folio).
  public var free: Bool
  public var refcount: Int
  /// Total PTE/PMD mappings of the folio (migration entries do not count).
  public var mapcount: Int
  public var lockedBy: LockHolder?
  public var lru: Bool
  public var dirty: Bool
  public var mapping: FolioMapping
  public var swapcache: Bool
  /// `PageAnonExclusive` of this page.
  public var anonExclusive: Bool
  /// FOLL_PIN pins (each adds 1024 to the refcount).
  public var pins: Int
  /// What this page holds; nil for a free page.
  public var content: UInt64?

  public init(pfn: PFN, zone: Zone, owner: String?) {
    self.pfn = pfn
    self.zone = zone
    self.owner = owner
    head = pfn
    order = 0
    free = true
    refcount = 0
    mapcount = 0
    lockedBy = nil
    lru = false
    dirty = false
    mapping = .none
    swapcache = false
    anonExclusive = false
    pins = 0
    content = nil
  }

  public var isHead: Bool { head == pfn }
  public var pageCount: Int { 1 << order }
  public var isLocked: Bool { lockedBy != nil }
}

/// `GUP_PIN_COUNTING_BIAS`: what one FOLL_PIN adds to a folio's refcount.
public let gupPinCountingBias = 1024
