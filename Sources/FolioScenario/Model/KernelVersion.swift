/// The kernel whose `mm/migrate_device.c` the simulation follows.
///
/// `v7.0` is the newest code (device-private THP: `MIGRATE_VMA_SELECT_COMPOUND`,
/// `MIGRATE_PFN_COMPOUND`, large-folio splitting, the fault-folio trylock of v6.15). `v6.8` is the
/// code of the February 2024 folio-conversion discussion: mTHP skipped at collect, no fault-page
/// trylock, the old finalize order and no COMPOUND.
public enum KernelVersion: String, CaseIterable, Sendable, Hashable, Codable {
  case v6_8 = "v6.8"
  case v7_0 = "v7.0"

  /// True from v6.15 on: `do_swap_page` trylocks the device page, so `fault_page` arrives locked.
  public var faultPageArrivesLocked: Bool { self == .v7_0 }
  /// True from v6.19 on: THP/compound support throughout migrate_device.
  public var hasCompound: Bool { self == .v7_0 }
  /// True from v6.15 on: a device-exclusive entry keeps its folio mapped (mapcount), and
  /// `try_to_migrate` converts it; before, it held only a reference.
  public var deviceExclusiveIsMapped: Bool { self == .v7_0 }
  /// True from v6.15 on: `migrate_device_pfns()` exists (before, only `migrate_device_range`).
  public var hasMigrateDevicePfns: Bool { self == .v7_0 }
  /// True from v6.12 on: splitting a mapped anon folio that is not device-private maps its
  /// zero-filled pages to the shared zero page (`try_to_map_unused_to_zeropage`); in v7.0
  /// (a late-2025 fix) that zero-page PTE keeps the migration entry's soft-dirty and uffd-wp bits.
  public var remapsZeroPagesOnSplit: Bool { self == .v7_0 }
  /// True after v6.8: `remove_migration_pte()` sets or clears soft-dirty last, from the
  /// migration entry alone, so a PTE it restores dirty keeps the entry's soft-dirty bit; v6.8's
  /// `pte_mkdirty()` came last and left the PTE soft-dirty. `remove_migration_pmd()` never clears it.
  public var restoredPTEKeepsSoftDirty: Bool { self == .v7_0 }
  /// True after v6.8 (the 2024 folio conversions): `migrate_device_unmap` and the ZONE_DEVICE
  /// free path use folio helpers (`folio_isolate_lru`, `folio_putback_lru`,
  /// `free_zone_device_folio`); v6.8 called the page ones (`isolate_lru_page`,
  /// `putback_lru_page`, `free_zone_device_page`).
  public var namesFolioHelpers: Bool { self == .v7_0 }
  /// True from v6.15 on: a write fault may reuse a large anon folio whose every reference is a
  /// mapping in the faulting process, and never one mapped once (`__wp_can_reuse_large_anon_folio`);
  /// v6.8 applied the small folio's rule (refcount 1) to large folios too.
  public var reusesLargeAnonFolios: Bool { self == .v7_0 }
}
