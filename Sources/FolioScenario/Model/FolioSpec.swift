/// A folio that exists when the scenario starts. Pages not covered by any folio are free
/// (system pages in the buddy allocator, device pages on their driver's free list, refcount 0).
/// Mapping references are added by the mappings; `extraRefs` and `pins` come on top.
public struct FolioSpec: Sendable, Hashable {
  // Declared widest first, so a folio takes 48 bytes, not 64: a synthetic million-page
  // scenario holds a million of them.
  public var pfn: UInt64
  /// log2 of the number of pages (0…9).
  public var order: Int
  /// Plain references held by someone else (e.g. a GUP `get_user_pages` without FOLL_PIN).
  public var extraRefs: Int
  /// Long-term FOLL_PIN pins; each adds `GUP_PIN_COUNTING_BIAS` (1024) to the refcount.
  public var pins: Int
  /// The data in the first page; page k holds `content + k`. Nil: derived from the pfn.
  public var content: UInt64?
  public var backing: FolioBacking
  /// In the swap cache (`folio_test_swapcache`): one extra reference per page.
  public var swapcache: Bool
  /// `PG_dirty`.
  public var dirty: Bool
  /// Another thread holds PG_locked when the scenario starts.
  public var lockedByOther: Bool
  /// Someone else (compaction, another migration) has isolated the system folio from the LRU
  /// when the scenario starts, holding the reference isolation takes.
  public var isolated: Bool

  public init(
    pfn: UInt64, order: Int = 0, backing: FolioBacking = .anon, swapcache: Bool = false, dirty: Bool = false,
    extraRefs: Int = 0, pins: Int = 0, lockedByOther: Bool = false, isolated: Bool = false, content: UInt64? = nil
  ) {
    self.pfn = pfn
    self.order = order
    self.backing = backing
    self.swapcache = swapcache
    self.dirty = dirty
    self.extraRefs = extraRefs
    self.pins = pins
    self.lockedByOther = lockedByOther
    self.isolated = isolated
    self.content = content
  }

  public var pageCount: Int { 1 << order }
}

/// What `folio->mapping` points at.
public enum FolioBacking: String, Sendable, Hashable, CaseIterable {
  /// Anonymous memory (`folio->mapping` is an anon_vma).
  case anon
  /// A page-cache page of a regular file (one reference for the page cache).
  case file
  /// A shmem / MAP_SHARED|MAP_ANONYMOUS page (page cache too).
  case shmem
}
