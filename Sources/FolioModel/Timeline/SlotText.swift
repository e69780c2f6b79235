/// The text of a per-slot step as numbers: which sentence, and the values of that moment it
/// names. A million-slot run has millions of these steps, so each keeps 32 bytes instead of a
/// formatted string or a closure; `string` writes the sentence when someone reads the step.
/// The step's own slot, pfn and function fill the rest, and longer variable parts (`notes`)
/// are interned in the step log.
struct SlotText: Sendable {
  enum Kind: UInt8, Sendable {
    /// A text written when the step was taken (`words`: its index in the log's strings, which
    /// the log reads itself).
    case written
    /// collect: an anonymous hole (`words`: address; `counts`: cpages).
    case hole
    /// collect: the zero page with SELECT_SYSTEM (`words`: address; `counts`: cpages).
    case zeroPage
    /// collect: a pinned anon-exclusive page cannot be shared (`words`: address; `counts`: refcount).
    case pinned
    /// unmap's restore loop puts a slot back (`words`: head; `counts`: restored, refcount, mapcount).
    case unmapRestored
    /// unmap: the check failed (see `init(unmap:)`).
    case checkFailed
    /// pages: a hole's PTE is set (`words`: address; `counts`: refcount).
    case holeFilled
    /// finalize: a slot without a source page (`counts`: refcount).
    case noSource
    /// collect: the PTE became a migration entry (`words`: address, src; `counts`: mapcount, refcount, cpages).
    case migrationEntry
    /// unmap: the folio stays MIGRATE (see `init(unmap:)`).
    case unmapped
    /// driver: a destination was allocated (`words`: dst value, src; `code`: its order).
    case allocated
    /// pages: the mapping moved (`words`: new head, old head; `counts`: refcount, expected; `code`: FolioMapping).
    case moved
    /// finalize: migrated (`words`: source head, its refcount; `counts`: restored, refcount, mapcount).
    case migrated
    /// finalize: not migrated (`words`: source head, its refcount; `counts`: restored; `notes`: freed dst).
    case restored
  }

  /// Flag bits; which apply depends on the kind (`device`: the folio the sentence names is device memory).
  static let faultFolio: UInt8 = 1, anonExclusive: UInt8 = 2, dirtied: UInt8 = 4, young: UInt8 = 8, dirty: UInt8 = 16
  static let large: UInt8 = 1, device: UInt8 = 2, isolated: UInt8 = 4, refusesLarge: UInt8 = 8
  /// Any kind: the run's kernel called the page helpers (v6.8; see `HelperNames`). `emit` sets it.
  static let pageHelpers: UInt8 = 128
  static let sourceFreed: UInt8 = 1, putBackOnLRU: UInt8 = 2, lockedFault: UInt8 = 4, pmdFault: UInt8 = 8, viaPMD: UInt8 = 16
  static let wasZero: UInt8 = 1, writable: UInt8 = 4, inserted: UInt8 = 8, splitHugeZero: UInt8 = 16

  var kind: Kind
  var flags: UInt8
  /// A small enum's index (a migration entry's kind, a folio's mapping).
  var code: UInt8
  var counts: (Int32, Int32, Int32)
  var words: (UInt64, UInt64)

  init(kind: Kind, flags: UInt8 = 0, code: UInt8 = 0, counts: (Int32, Int32, Int32) = (0, 0, 0),
       words: (UInt64, UInt64) = (0, 0), notes: (UInt32, UInt32) = (0, 0)) {
    (self.kind, self.flags, self.code, self.counts, self.words) = (kind, flags, code, counts, words)
    if usesNotes { self.notes = notes }
  }

  /// Whether the kind names interned strings; they live in the last two counts, which those
  /// kinds leave free, keeping the whole 32 bytes.
  var usesNotes: Bool {
    switch kind {
    case .unmapped, .checkFailed, .restored: true
    default: false
    }
  }

  /// Indices of interned strings in the step log (only when `usesNotes`).
  var notes: (UInt32, UInt32) {
    get { (UInt32(bitPattern: counts.1), UInt32(bitPattern: counts.2)) }
    set { (counts.1, counts.2) = (Int32(bitPattern: newValue.0), Int32(bitPattern: newValue.1)) }
  }

  func has(_ flag: UInt8) -> Bool { flags & flag != 0 }

  /// The helper names of the run's kernel.
  var helpers: HelperNames { HelperNames(pageHelpers: has(Self.pageHelpers)) }

  /// How a put source ended, for finalize's texts.
  static func state(freed: Bool, refcount: Int) -> String { freed ? "freed" : "refcount \(refcount)" }

  /// The sentence of step `slot`/`pfn` in `function`, with `notes` the log's interned strings.
  func string(slot: Int, pfn: PFN, function: String, notes table: [SlotNote]) -> String {
    let (first, second, third) = (Int(counts.0), Int(counts.1), Int(counts.2))
    let at = "Slot \(slot) (\(MigratePFN.hex(words.0)))"
    switch kind {
    case .written: return ""
    case .hole:
      return "\(at): pte_none in an anonymous VMA ⇒ src = MIGRATE (0x2), a hole to populate. cpages = \(first)."
    case .zeroPage:
      return "\(at): the shared zero page with SELECT_SYSTEM ⇒ src = MIGRATE (0x2) without a pfn, like a hole; the PTE "
        + "stays the zero page. cpages = \(first)."
    case .pinned:
      return "\(Engine.slotAt(slot, address: words.0, pfn: pfn)): locked; the page is anon-exclusive, so the PTE is "
        + "cleared and flushed and folio_try_share_anon_rmap_pte() is tried. It fails with -EBUSY: "
        + "folio_maybe_dma_pinned() (refcount \(first) with collect's own ≥ 1024, a FOLL_PIN). The old PTE is written back, "
        + "the folio unlocked and put ⇒ src = 0."
    case .unmapRestored:
      return "Restore slot \(slot): remove_migration_ptes(folio, folio) puts back \(counted(first, "mapping")) of "
        + "\(MigratePFN.hex(words.0)); src = 0 (the whole entry is cleared); "
        + "\(has(Self.lockedFault) ? "the fault folio stays locked" : "folio_unlock()"); "
        + "folio_put(): refcount \(second), mapcount \(third)."
    case .checkFailed:
      return unmapStory(slot: slot, pfn: pfn, notes: table) + "\(checkFailure). "
        + (has(Self.device) ? "" : has(Self.pageHelpers) ? "get_page() + putback_lru_page() put it back on the LRU. "
          : "folio_get() + folio_putback_lru() put it back on the LRU. ")
        + "MIGRATE is cleared (src = \(MigratePFN.hex(words.1))); it will be restored."
    case .holeFilled:
      return "\(at): " + (has(Self.splitHugeZero) ? "the PMD maps the huge zero page, so split_huge_pmd() first turns it "
        + "into 512 zero-page PTEs; " : "") + "\(has(Self.wasZero) ? "the zero page is flushed and" : "the hole is") filled "
        + "now, not at finalize: "
        + "folio_add_new_anon_rmap() (mapcount 1, anon-exclusive), folio_get() (refcount \(first)) and the PTE becomes "
        + "\(has(Self.device) ? "a device-private entry" : "present") for \(MigratePFN.hex(pfn)), "
        + "\(has(Self.writable) ? "writable (VM_WRITE)" : "read-only"). src is exactly 0x2 (M alone): "
        + "VALID is not set, so finalize sees no source page."
    case .noSource:
      return "Slot \(slot): no source page. " + (has(Self.inserted)
        ? "The destination was mapped in migrate_vma_pages; \(helpers.unlock)() and \(helpers.put)() drop the allocation "
          + "ref (refcount \(first))." : "The destination was never mapped: \(helpers.unlock)() and \(helpers.put)() free it.")
    case .migrationEntry:
      let (address, mpfn) = words
      let entryKind = SlotText.migrationKinds[Int(code)].rawValue
      // Folio helpers in v6.8 too: the PTE loop was converted with folio_remove_rmap_pte() in 6.8-rc1.
      return "\(Engine.slotAt(slot, address: address, pfn: pfn)): "
        + (has(Self.faultFolio) ? "folio_get() takes a reference; the fault folio is already locked by do_swap_page, so it "
           + "is not trylocked. "
           : "folio_get() and folio_trylock() succeed. ")
        + (has(Self.anonExclusive) ? "It was anon-exclusive: the PTE is cleared and flushed and the exclusive bit shared away. " : "")
        + (has(Self.dirtied) ? "The PTE was dirty, so the folio is marked dirty. " : "")
        + "The PTE becomes a \(entryKind) migration entry"
        + (has(Self.young) || has(Self.dirty) ? " (young \(has(Self.young) ? 1 : 0), dirty \(has(Self.dirty) ? 1 : 0))" : "") + "; "
        + "folio_remove_rmap_pte() drops mapcount to \(first) and folio_put() drops the PTE's reference, as an "
        + "unmap does; the one folio_get() took holds the folio now (refcount \(second)). src = \(MigratePFN.hex(mpfn)) (\(MigratePFN.letters(mpfn))), cpages = \(third)."
    case .unmapped:
      return unmapStory(slot: slot, pfn: pfn, notes: table) + "\(check.text). The folio is unmapped and locked, and "
        + (has(Self.isolated) ? "isolated from the LRU" : "held by "
          + (notes.1 == 0 ? "the reference collect took" : table[Int(notes.1)].string)
          + " (a device folio is never on the LRU)") + ": still MIGRATE."
    case .allocated:
      let (value, mpfn) = words
      return "Slot \(slot): the driver allocates \(has(Self.large) ? "an order-\(code) folio at " : "")\(MigratePFN.hex(pfn)) "
        + (has(Self.device) ? "(\(has(Self.pageHelpers) ? "zone_device_page_init" : "zone_device_folio_init"): refcount 1, locked)"
           // dmirror's fault path allocates near the faulting address; eviction has no VMA. A
           // large folio comes from vma_alloc_folio there and from folio_alloc here.
           : function == "dmirror_devmem_fault_alloc_and_copy"
             ? "(\(has(Self.large) ? "vma_alloc_folio" : "alloc_page_vma") + lock_page: refcount 1)"
             : "(\(has(Self.large) ? "folio_alloc" : "alloc_page") + lock_page: refcount 1)")
        + ", sets dst[\(slot)] = \(MigratePFN.hex(value)) (\(MigratePFN.letters(value))) and "
        + (MigratePFN.page(mpfn) == nil ? "zero-fills it." : "copies the data from \(MigratePFN.hex(MigratePFN.page(mpfn) ?? 0)).")
    case .moved:
      let (newHead, oldHead) = words
      return "Slot \(slot): \(function)(): refcount \(first) equals the expected \(second), so \(MigratePFN.hex(newHead)) "
        + "takes over the mapping (\(SlotText.mappings[Int(code)].rawValue)), index, dirty and uptodate flags and the "
        + "memcg charge of \(MigratePFN.hex(oldHead)) (folio_migrate_flags). No data moves here."
    case .migrated:
      let state = Self.state(freed: has(Self.sourceFreed), refcount: Int(Int64(bitPattern: words.1)))
      return "Slot \(slot): migrated. \(restorer) points \(counted(first, "mapping")) at \(MigratePFN.hex(pfn)) "
        + "(refcount \(second), mapcount \(third)). The source \(MigratePFN.hex(words.0)) is "
        + (has(Self.lockedFault) ? "left locked (the fault folio: \(has(Self.pmdFault) ? "do_huge_pmd_device_private" : "do_swap_page") "
           + "unlocks it) and put" : "unlocked and put")
        + ": \(state)"
        + (has(Self.putBackOnLRU) ? " (v6.8 first puts it back on the LRU with putback_lru_page; in the kernel it is freed when "
           + "that per-CPU LRU batch drains)" : "") + "."
    case .restored:
      let state = Self.state(freed: has(Self.sourceFreed), refcount: Int(Int64(bitPattern: words.1)))
      // Both kernels drop an unused destination first, when they make the source the winner.
      // A system-RAM source goes back on the LRU: v7.0 before restoring, v6.8 instead of a plain put.
      let lru = has(Self.putBackOnLRU)
      return "Slot \(slot): not migrated, so \(table[Int(notes.0)].string)the source is the winner: "
        + (lru && !has(Self.pageHelpers) ? "folio_add_lru() puts it back on the LRU and " : "")
        + "\(restorer) restores \(counted(first, "mapping")) of \(MigratePFN.hex(words.0)); it is "
        + (has(Self.lockedFault) ? "left locked (fault folio) " : "unlocked ")
        + (lru && has(Self.pageHelpers) ? "and put back on the LRU by putback_lru_page() (\(state))." : "and put (\(state)).")
    }
  }

  /// Finalize's rmap walk, naming the PMD helper when it restored a PMD mapping.
  private var restorer: String {
    has(Self.viaPMD) ? "remove_migration_ptes() (remove_migration_pmd() at the PMD)" : "remove_migration_ptes()"
  }

  /// The enums `code` indexes, in a fixed order.
  static let migrationKinds: [MigrationKind] = [.read, .readExclusive, .write]
  static let mappings: [FolioMapping] = [.none, .anon, .file, .shmem]

  static func code(of kind: MigrationKind) -> UInt8 { UInt8(migrationKinds.firstIndex(of: kind) ?? 0) }
  static func code(of mapping: FolioMapping) -> UInt8 { UInt8(mappings.firstIndex(of: mapping) ?? 0) }
}
