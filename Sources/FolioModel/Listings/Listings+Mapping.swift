extension Listings {
  /// The strict reference-count gate that moves a folio's identity to its destination
  /// (spec §5.5.1): `folio_migrate_mapping()`, and its v6.8 callers `migrate_folio[_extra]()`.
  static let mapping: [Listing] = [
    Listing(function: "folio_migrate_mapping", file: "mm/migrate.c", [
      ("", "folio_migrate_mapping(mapping, newfolio, folio, extra):"),
      ("", "  # every reference to the old folio must be explained"),
      ("", "  expected = folio_expected_ref_count(folio) + extra + 1"),
      ("", "  # = swap/file cache refs + private + mapcount (0 here)"),
      ("", "  # + the fault handler's ref (extra) + the migration's own"),
      ("refcount", "  if folio_ref_count(folio) != expected: return -EAGAIN"),
      ("", "  a mapping, or a large folio: freeze the refs at expected"),
      ("", "    (a new reference meanwhile: -EAGAIN); off deferred split"),
      ("moved", "  newfolio takes folio's index and mapping (anon_vma, cache)"),
      ("", "  if mapping == NULL:  # plain anon (a large one: unfreeze)"),
      ("", "    copy SwapBacked; return 0  # no refcount changes"),
      ("", "  move the cache slot to newfolio, with its cache refs;"),
      ("", "  dirty moves; fix stats; unfreeze, less the cache refs"),
      ("", "  return 0  # the caller then runs folio_migrate_flags()"),
      ("", "  # v6.8: reached through migrate_folio[_extra]()"),
    ]),
    v68MigrateFolio("migrate_folio", signature: "(mapping, dst, src, mode)", extra: [
      "  # device pages: mode = MIGRATE_SYNC_NO_COPY, extra = 0",
      "  # (the fault page goes through migrate_folio_extra)",
    ]),
    v68MigrateFolio("migrate_folio_extra", signature: "(mapping, dst, src, mode, extra)", extra: [
      "  # extra = 1 for the fault page: do_swap_page's reference",
      "  # (migrate_folio is the same call with extra = 0)",
    ]),
  ]

  /// The v6.8 body shared by `migrate_folio()` and `migrate_folio_extra()` (one inlines the
  /// other), with that version's `folio_expected_refs()` arithmetic.
  private static func v68MigrateFolio(_ function: String, signature: String, extra: [String]) -> Listing {
    Listing(function: function, file: "mm/migrate.c", [("", function + signature + ":  # v6.8")]
      + extra.map { ("", $0) } + [
      ("", "  BUG if src is under writeback"),
      ("", "  expected = 1 + extra  # the migration's own reference"),
      ("", "    + (mapping ? nr_pages + folio_test_private : 0)"),
      ("refcount", "  if folio_ref_count(src) != expected: return -EAGAIN"),
      ("moved", "  dst takes src's index and mapping; a cache slot moves"),
      ("", "  MIGRATE_SYNC_NO_COPY: folio_migrate_flags(dst, src)"),
      ("", "  # no data copy: the driver already copied it"),
      ("", "  return MIGRATEPAGE_SUCCESS  # 0"),
    ])
  }
}
