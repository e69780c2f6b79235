extension Listings {
  /// The device-pfn API (spec §5.8, §5.9): a driver evicting its own memory, and GUP moving a
  /// device-coherent page to system RAM before a long-term pin.
  static let device: [Listing] = [
    Listing(function: "migrate_device_range", [
      ("entry", "migrate_device_range(src, start_pfn, npages):"),
      ("", "  # a driver evicts its own memory: no VMA, no holes"),
      ("", "  for i in 0 .. npages-1:"),
      ("", "    folio = page_folio(page)  # looked up before locking"),
      ("", "    src[i] = migrate_device_pfn_lock(start_pfn + i)"),
      ("", "    # >=6.19: nr = folio_nr_pages(folio); nr > 1: src[i] |= C,"),
      ("", "    #   next nr-1 slots = 0, even when the lock failed"),
      ("", "    # v6.8 has no migrate_device_pfn_lock; the loop itself:"),
      ("get", "    #   !get_page_unless_zero(page): src[i] = 0; next"),
      ("trylock", "    #   !trylock_page(page): put_page(page); src[i] = 0; next"),
      ("locked", "    #   src[i] = migrate_pfn(pfn) | M  # never W"),
      ("", "  migrate_device_unmap(src, npages, NULL)"),
      ("", "  # try_to_migrate turns every process's mapping into a"),
      ("", "  # migration entry. A page nobody maps is still held by"),
      ("", "  # someone: migrate_device_pages refuses it (-EAGAIN)"),
      ("", "  return 0  # next: allocate, copy, migrate_device_pages"),
    ]),
    Listing(function: "migrate_device_pfns", [
      ("entry", "migrate_device_pfns(src, npages):  # >=6.15"),
      ("", "  # as migrate_device_range, but src[] comes pre-filled"),
      ("", "  # with any device pfns the driver picked"),
      ("", "  for i in 0 .. npages-1:"),
      ("", "    folio = folio of the pfn in src[i]  # before locking"),
      ("", "    src[i] = migrate_device_pfn_lock(the pfn in src[i])"),
      ("", "    # >=6.19: nr = folio_nr_pages(folio); nr > 1: src[i] |= C,"),
      ("", "    #   the next nr-1 pfns are overwritten with 0, even"),
      ("", "    #   when the lock failed"),
      ("", "  migrate_device_unmap(src, npages, NULL)"),
      ("", "  return 0"),
      ("", "  # v6.8: absent; only migrate_device_range existed"),
    ]),
    Listing(function: "migrate_device_pfn_lock", [
      ("", "migrate_device_pfn_lock(pfn):"),
      ("", "  # a reference first, then the lock, never sleeping"),
      ("", "  folio = folio_get_nontail_page(pfn_to_page(pfn))"),
      ("get", "  if folio == NULL: return 0  # free (ref 0) or a tail"),
      ("", "  # >=6.15; v6.8 did these steps inline in migrate_device_range"),
      ("trylock", "  if !folio_trylock(folio): folio_put(folio); return 0"),
      ("", "  # locked: the caller will unmap and migrate it"),
      ("locked", "  return migrate_pfn(pfn) | M  # W is never set (C7)"),
    ]),
    coherent("migrate_device_coherent_folio", lock: "folio_lock", alloc: "folio_alloc(GFP_USER | __GFP_NOWARN, 0)",
             copy: "folio_copy", v68: "  # v6.8: migrate_device_coherent_page(page), same steps"),
    coherent("migrate_device_coherent_page", lock: "lock_page", alloc: "alloc_page(GFP_USER | __GFP_NOWARN)",
             copy: "copy_highpage", v68: "  # v6.8 name; later migrate_device_coherent_folio()"),
  ]

  /// `migrate_device_coherent_folio()` and its v6.8 form `migrate_device_coherent_page()`: the
  /// same steps with folio or page helpers.
  private static func coherent(_ function: String, lock: String, alloc: String, copy: String,
                               v68: String) -> Listing {
    Listing(function: function, [
      ("", function + "(p):"),
      ("", "  # long-term GUP: a device-coherent page must not be pinned"),
      ("", v68),
      ("", "  WARN if p is large"),
      ("lock", "  \(lock)(p); src = migrate_pfn(pfn of p) | M"),
      ("", "  migrate_device_unmap(&src, 1, NULL)"),
      ("ebusy", "  if !(src & M): return -EBUSY  # pinned or still mapped"),
      ("", "  # no driver: the core allocates and copies itself"),
      ("alloc_fail", "  new = \(alloc)"),
      ("alloc", "  if new: \(lock)(new); dst = migrate_pfn(pfn of new)"),
      ("", "  migrate_device_pages(&src, &dst, 1)"),
      ("copy", "  if src & M: \(copy)(new, p)  # only now, after pages"),
      ("", "  migrate_device_finalize(&src, &dst, 1)"),
      ("return", "  return src & M ? 0 : -EBUSY  # 0: GUP retries the pin"),
    ])
  }
}
