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
///
/// Counters are stored as 32-bit values and the folio's pages as an offset from the head, so a
/// frame stays small: checkpoints copy every frame, and a recorded change flips one of its four
/// packed words (`PageFrame+Words.swift`).
public struct PageFrame: Sendable, Hashable {
  public var pfn: PFN
  /// What this page holds (meaningful only when `hasContent`).
  var storedContent: UInt64
  var storedRefcount: Int32
  var storedMapcount: Int32
  var storedPins: Int32
  /// `pfn - head`: 0 on a head page.
  var headOffset: UInt16
  var storedOrder: UInt8
  var hasContent: Bool
  public var zone: Zone
  /// For a ZONE_DEVICE page, the index of its pgmap's region in `Machine.regions` (whose name is
  /// the pgmap owner); 0 for system RAM. An index keeps the frame a plain value (cheap to copy).
  public var region: UInt8
  /// In the buddy allocator or on the driver's free list (refcount 0, no folio).
  public var free: Bool
  public var lockedBy: LockHolder?
  public var lru: Bool
  public var dirty: Bool
  public var mapping: FolioMapping
  public var swapcache: Bool
  /// `PageAnonExclusive` of this page.
  public var anonExclusive: Bool

  public init(pfn: PFN, zone: Zone, region: UInt8) {
    self.pfn = pfn
    self.zone = zone
    self.region = region
    storedContent = 0
    storedRefcount = 0
    storedMapcount = 0
    storedPins = 0
    headOffset = 0
    storedOrder = 0
    hasContent = false
    free = true
    lockedBy = nil
    lru = false
    dirty = false
    mapping = .none
    swapcache = false
    anonExclusive = false
  }

  /// The folio's head pfn.
  public var head: PFN {
    get { pfn - PFN(headOffset) }
    set { headOffset = UInt16(truncatingIfNeeded: pfn - newValue) }
  }
  public var order: Int {
    get { Int(storedOrder) }
    set { storedOrder = UInt8(truncatingIfNeeded: newValue) }
  }
  public var refcount: Int {
    get { Int(storedRefcount) }
    set { storedRefcount = Int32(truncatingIfNeeded: newValue) }
  }
  /// Total PTE/PMD mappings of the folio (migration entries do not count).
  public var mapcount: Int {
    get { Int(storedMapcount) }
    set { storedMapcount = Int32(truncatingIfNeeded: newValue) }
  }
  /// FOLL_PIN pins (each adds 1024 to the refcount).
  public var pins: Int {
    get { Int(storedPins) }
    set { storedPins = Int32(truncatingIfNeeded: newValue) }
  }
  /// What this page holds; nil for a free page.
  public var content: UInt64? {
    get { hasContent ? storedContent : nil }
    set {
      hasContent = newValue != nil
      storedContent = newValue ?? 0
    }
  }

  public var isHead: Bool { head == pfn }
  public var pageCount: Int { 1 << order }
  public var isLocked: Bool { lockedBy != nil }
}

/// `GUP_PIN_COUNTING_BIAS`: what one FOLL_PIN adds to a folio's refcount.
public let gupPinCountingBias = 1024
