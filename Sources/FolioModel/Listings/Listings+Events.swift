extension Listings {
  /// What other threads do between phases (locks, references), and the scenario's own start
  /// and end, which are no kernel function.
  static let events: [Listing] = [
    Listing(function: "folio_lock", file: "include/linux/pagemap.h", [
      ("free", "folio_lock(folio):  # a caller holds a reference: never a free one"),
      ("wait", "  PG_locked already set: sleep until it is cleared"),
      ("lock", "  set PG_locked; the caller now holds the lock"),
    ]),
    Listing(function: "folio_unlock", file: "mm/filemap.c", [
      ("", "folio_unlock(folio):"),
      ("not_held", "  # only the holder may: not one asleep in folio_lock()"),
      ("unlock", "  clear PG_locked and wake the threads waiting on it"),
    ]),
    Listing(function: "folio_get", file: "include/linux/mm.h", [
      ("", "folio_get(folio):  # e.g. get_user_pages"),
      ("free", "  # found through a mapping: a free folio has none"),
      ("get", "  refcount += 1"),
    ]),
    Listing(function: "folio_put", file: "include/linux/mm.h", [
      ("none", "folio_put(folio):  # drops a reference taken earlier"),
      ("put", "  refcount -= 1; at 0 the folio is freed"),
      ("", "  # ZONE_DEVICE: free_zone_device_folio (v6.8: _page) -> the driver"),
    ]),
    Listing(function: "scenario", file: "folioscope", [
      ("start", "# scenario start: the initial state, nothing has run yet"),
      ("end", "# scenario end: every call has returned; the final state"),
    ]),
  ]
}
