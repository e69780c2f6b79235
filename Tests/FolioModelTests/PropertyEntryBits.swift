import FolioModel
import FolioScenario

/// The accessed (young), dirty, soft-dirty and uffd-wp bits of the entry mapping a virtual page.
/// A device-private entry has no A/D bits, and a zero-page one keeps only soft-dirty and uffd-wp
/// (the huge zero PMD none): the others read as clear.
struct EntryBits: Hashable, CustomStringConvertible {
  var young = false
  var dirty = false
  var softDirty = false
  var uffdWp = false

  var description: String {
    let names = [(young, "young"), (dirty, "dirty"), (softDirty, "soft_dirty"), (uffdWp, "uffd_wp")]
    return "[" + names.filter(\.0).map(\.1).joined(separator: " ") + "]"
  }
}

extension Machine {
  /// The bits of the present, device-private or zero-page entry (a PMD leaf, else a PTE)
  /// mapping `address` in process `p`; nil for any other entry.
  func entryBits(_ p: Int, _ address: UInt64) -> EntryBits? {
    if let bits = presentBits(p, address) {
      return EntryBits(young: bits.young, dirty: bits.dirty, softDirty: bits.softDirty, uffdWp: bits.uffdWp)
    }
    switch (processes[p].pmd(at: address), processes[p].pte(at: address)) {
    case (.devicePrivate(let entry), _), (.table, .devicePrivate(let entry)):
      return EntryBits(softDirty: entry.softDirty, uffdWp: entry.uffdWp)
    case (.table, .zero(let bits)): return EntryBits(softDirty: bits.softDirty, uffdWp: bits.uffdWp)
    case (.hugeZero, _): return EntryBits()
    default: return nil
    }
  }

  /// Whether `__folio_split` during the call (`splitHeads`: the heads it split) mapped the page
  /// `before` names by the zero page instead of restoring it (v6.12+, spec of
  /// `try_to_map_unused_to_zeropage`): a present mapping of a zero-filled page of a large anon
  /// folio that is not device-private. If so, the zero-page entry's bits (soft-dirty and uffd-wp
  /// of the entry, carried through the migration entry).
  func zeroPageAfterSplit(_ before: ResolvedMapping, bits: EntryBits?, splitHeads: Set<PFN>,
                          kernel: KernelVersion) -> EntryBits? {
    guard kernel.remapsZeroPagesOnSplit, before.kind == .present, let pfn = before.pfn, let folio = folio(of: pfn),
          splitHeads.contains(folio.pfn), folio.order > 0, folio.mapping == .anon, folio.zone != .devicePrivate,
          frame(pfn)?.content == 0 else { return nil }
    return EntryBits(softDirty: bits?.softDirty == true, uffdWp: bits?.uffdWp == true)
  }

  /// The bits of the migration entry (a PMD, else a PTE) at `address` in process `p`, or nil.
  func migrationBits(_ p: Int, _ address: UInt64) -> EntryBits? {
    let entry: MigrationEntry? = switch (processes[p].pmd(at: address), processes[p].pte(at: address)) {
    case (.migration(let entry), _), (.table, .migration(let entry)): entry
    default: nil
    }
    return entry.map { EntryBits(young: $0.young, dirty: $0.dirty, softDirty: $0.softDirty, uffdWp: $0.uffdWp) }
  }

  /// Whether the folio holding `pfn` is dirty once every mapping of it has been unmapped for
  /// migration: PG_dirty, or a dirty present entry mapping any of its pages (collect and
  /// `try_to_migrate_one` call `folio_mark_dirty` for it; a split hands the flag to every piece).
  func dirtyWhenUnmapped(_ pfn: PFN) -> Bool {
    guard let folio = folio(of: pfn) else { return false }
    if folio.dirty { return true }
    return (0..<UInt64(folio.pageCount)).contains { k in
      mappers(of: folio.pfn + k).contains { presentBits($0.process, $0.address)?.dirty == true }
    }
  }
}

/// The kernel's rules for those bits across one migrate call, on x86-64 (where
/// `migration_entry_supports_ad()` holds and `pte_mkdirty`/`pmd_mkdirty` also set soft-dirty):
/// - `migrate_vma_collect_pmd` and `try_to_migrate_one` carry a present entry's young and dirty
///   bits into the migration entry (`make_migration_entry_young/dirty`) and its soft-dirty and
///   uffd-wp bits into the swap PTE's; a device-private entry has only the latter two to carry.
/// - `remove_migration_pte`/`_pmd` build the present entry from `vm_page_prot` (young on x86),
///   make it old unless the entry was young, `pte_mkdirty` it when the folio and the entry are
///   dirty (which sets soft-dirty too), copy the swap soft-dirty bit, and uffd-wp when the entry
///   is not writable; a device-private destination gets a fresh device-private entry carrying
///   only soft-dirty and uffd-wp. From v7.0 (`restoredPTEKeepsSoftDirty`) the PTE's soft-dirty
///   is the entry's alone, set or cleared after `pte_mkdirty`; a PMD's is still both.
/// - `migrate_vma_insert_page` builds a fresh young entry, `pte_mkdirty` (so soft-dirty) and
///   writable iff the VMA has VM_WRITE, never uffd-wp; a device-private one has none of these.
/// - A large folio split first (`split_folio`: `unmap_folio`, then `remap_page`) takes its present
///   entries on that same round trip, so in v6.8 a dirty one is soft-dirty before collect sees it;
///   from v6.12 a zero-filled page of an anon one comes back as a zero-page entry with only the
///   soft-dirty and uffd-wp bits (`Machine.zeroPageAfterSplit`).
/// - A zero-page entry the call leaves keeps its bits.
/// An entry this call never changed keeps its bits.
enum EntryBitsRule {
  /// The bits of the migration entry that collect or `try_to_migrate_one` made of the entry
  /// `before` (with `bits`): all four from a present entry, soft-dirty and uffd-wp alone from a
  /// device-private one.
  static func migrationEntry(before: ResolvedMapping, bits original: EntryBits?, split: Bool,
                             kernel: KernelVersion) -> EntryBits? {
    guard var bits = original else { return nil }
    switch before.kind {
    case .present:
      if split && bits.dirty && !kernel.restoredPTEKeepsSoftDirty { bits.softDirty = true }
      return bits
    case .devicePrivate: return EntryBits(softDirty: bits.softDirty, uffdWp: bits.uffdWp)
    default: return nil
    }
  }

  /// `afterPMD`: the entry after the call is a huge PMD (restored by `remove_migration_pmd`).
  static func expected(before: ResolvedMapping, bits original: EntryBits?, after: ResolvedMapping, converted: Bool,
                       split: Bool, vmaWritable: Bool, kernel: KernelVersion, afterPMD: Bool) -> EntryBits? {
    var bits = original
    let mkdirtyStands = !kernel.restoredPTEKeepsSoftDirty
    if split, mkdirtyStands, before.kind == .present, let dirty = bits?.dirty, dirty { bits?.softDirty = true }
    switch (before.kind, after.kind) {
    case (.present, .present):
      guard var bits else { return nil }
      if converted && (mkdirtyStands || afterPMD) { bits.softDirty = bits.softDirty || bits.dirty }
      return bits
    case (.present, .devicePrivate), (.devicePrivate, .devicePrivate):
      return bits.map { EntryBits(softDirty: $0.softDirty, uffdWp: $0.uffdWp) }
    case (.devicePrivate, .present):
      return bits.map { EntryBits(softDirty: $0.softDirty, uffdWp: $0.uffdWp && !after.write) }
    case (.zero, .zero):
      return bits
    case (.none, .present), (.zero, .present):
      return EntryBits(young: true, dirty: vmaWritable, softDirty: vmaWritable)
    case (.none, .devicePrivate), (.zero, .devicePrivate):
      return EntryBits()
    default:
      return nil
    }
  }
}
