import FolioScenario

extension Engine {
  /// `do_wp_page()` on a private anon page mapped read-only: reuse it when the page is
  /// PageAnonExclusive or `wp_can_reuse_anon_folio()` finds the folio ours alone (then the page
  /// becomes PageAnonExclusive), else copy it (`wp_page_copy`).
  mutating func doWPPage(process: Int, address: UInt64, bits: PresentBits, access: String) {
    let head = folio(bits.pfn).pfn
    // wp_page_reuse() and wp_page_copy() both make the entry young, dirty (so soft-dirty) and writable.
    var writable = bits
    writable.write = true
    writable.young = true
    writable.mkdirty()
    let exclusive = frame(bits.pfn).anonExclusive
    let swapcache = folio(head).swapcache
    let refusal = exclusive ? nil : wpCanReuseAnonFolio(head, process: process)
    guard let refusal else {
      update(bits.pfn) { $0.anonExclusive = true }
      setPTE(process, address, .present(writable))
      emit(.fault, "do_wp_page", "reuse", pfn: bits.pfn, text: "\(access): the page is read-only but ours alone ("
        + (exclusive ? "PageAnonExclusive" : "wp_can_reuse_anon_folio(): \(MigratePFN.hex(head)) has no reference but "
          + "its mapping\(folio(head).pageCount > 1 ? "s, all in this process" : "")"
          + (swapcache ? ", once folio_free_swap() took it out of the swap cache (PG_dirty set)" : "")
          + ", so the page is made PageAnonExclusive")
        + "), so do_wp_page() reuses it and makes the PTE writable.")
      return
    }
    guard let pfn = newAnonPage(copying: bits.pfn, access: access) else { return }
    writable.pfn = pfn
    setPTE(process, address, .present(writable))
    update(head) { $0.mapcount -= 1 }
    putFolio(head)
    emit(.fault, "do_wp_page", "copy", pfn: pfn, text: "\(access): the page \(MigratePFN.hex(bits.pfn)) is not "
      + "PageAnonExclusive and wp_can_reuse_anon_folio() refuses it (\(refusal)), so do_wp_page() copies it to "
      + "\(MigratePFN.hex(pfn)) (copy-on-write) and drops its mapping of the old one.")
  }

  /// `wp_can_reuse_anon_folio()` for the folio at `head`, faulted by `process`: nil when it may
  /// be reused, else why not. A small folio (any folio in v6.8) must hold no reference but its
  /// mapping's (and the swap cache's, which `folio_free_swap()` then drops under a successful
  /// `folio_trylock()`). From v6.15 a large folio goes to `__wp_can_reuse_large_anon_folio()`.
  private mutating func wpCanReuseAnonFolio(_ head: PFN, process: Int) -> String? {
    if folio(head).pageCount > 1 && kernel.reusesLargeAnonFolios {
      return wpCanReuseLargeAnonFolio(head, process: process)
    }
    let swapcache = folio(head).swapcache
    if folio(head).refcount > (swapcache ? 2 : 1) {
      return "refcount \(folio(head).refcount): references beyond its mapping\(swapcache ? " and the swap cache" : "")"
    }
    if let holder = folio(head).lockedBy { return "folio_trylock() fails: \(holder.rawValue) holds PG_locked" }
    if swapcache { folioFreeSwap(head) }
    return folio(head).refcount == 1 ? nil : "refcount \(folio(head).refcount)"
  }

  /// v6.15+ `__wp_can_reuse_large_anon_folio()`: more than one mapping, none in another
  /// process, and every reference a mapping's (after `folio_free_swap()` under a trylock).
  private mutating func wpCanReuseLargeAnonFolio(_ head: PFN, process: Int) -> String? {
    guard folio(head).mapcount > 1 else {
      return "one mapping of a large folio: it is given back sooner rather than reused"
    }
    let elsewhere = entries(of: head).contains { location in
      location.process != process && (location.isPMD ? pmd(at: location)?.isMapping : pte(at: location)?.isMapping) == true
    }
    if elsewhere { return "the large folio is mapped by another process too" }
    if folio(head).swapcache {
      if let holder = folio(head).lockedBy { return "folio_trylock() fails: \(holder.rawValue) holds PG_locked" }
      folioFreeSwap(head)
    }
    let head = folio(head)
    return head.mapcount == head.refcount ? nil
      : "refcount \(head.refcount) but mapcount \(head.mapcount): references beyond its mappings"
  }

  /// `folio_free_swap()` on a locked folio: it leaves the swap cache, with the cache's
  /// references, and is marked dirty (nothing else holds its swap slot in this model).
  mutating func folioFreeSwap(_ head: PFN) {
    update(head) { folio in
      folio.refcount -= folio.pageCount
      folio.swapcache = false
      folio.dirty = true
    }
  }
}
