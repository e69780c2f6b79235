extension Listings {
  /// `migrate_device_unmap()`: isolate, `try_to_migrate`, the pin check and the restore loop
  /// (spec §5.3). `migrate_vma_unmap()` only stores its result in `cpages`.
  static let unmap: [Listing] = [
    Listing(function: "migrate_device_unmap", [
      ("", "migrate_device_unmap(src, npages, fault_page):"),
      ("drain", "  lru_add_drain()  # flush this CPU's LRU batch"),
      ("", "  for each i (>=6.19: steps over a whole folio):"),
      ("holes", "    if src[i] has no page: if M set: unmapped++; next"),
      ("", "    # >=6.19: a large folio gets src[i] |= C"),
      ("", "    if the folio is not ZONE_DEVICE:"),
      ("", "      not on the LRU: lru_add_drain_all() (once per call)"),
      ("isolate", "      folio_isolate_lru fails: clear M; restore++; next"),
      ("", "      folio_put(folio)  # collect's ref; the isolation ref stays"),
      ("", "    if folio_mapped: try_to_migrate(folio)  # other mappings"),
      ("check", "    if still mapped or migrate_vma_check_page() fails:"),
      ("", "      system folio: folio_get; folio_putback_lru (LRU again)"),
      ("", "      clear M; restore++; next"),
      ("unmapped", "    unmapped++  # locked, unmapped, isolated: migrating"),
      ("", "  # v6.8: page helpers (isolate_lru_page, putback_lru_page)"),
      ("", "  for each i while restore > 0:  # undo the failed entries"),
      ("", "    skip if src[i] has no page, or M is still set"),
      ("restore", "    remove_migration_ptes(folio, folio)  # old PTEs back"),
      ("", "    src[i] = 0  # the whole entry, not only M"),
      ("", "    folio_unlock unless fault folio; folio_put; restore--"),
      ("", "    # v6.8: always unlocks; the fault page was trylocked"),
      ("return", "  return unmapped  # migrate_vma_unmap: cpages = this"),
    ]),
  ]
}
