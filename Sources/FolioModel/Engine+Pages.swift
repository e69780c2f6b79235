import FolioScenario

extension Engine {
  /// `migrate_vma_pages()` / `migrate_device_pages()` → `__migrate_device_pages()` (spec §5.5):
  /// populate holes, move each folio's metadata to its destination, clear MIGRATE on failure.
  mutating func migrateVMAPages() {
    let isVMA = readCall { $0.api == .migrateVMA }
    let caller = isVMA ? "migrate_vma_pages" : "migrate_device_pages"
    let function = "__migrate_device_pages"
    let copied = readCall { $0.api } == .migrateDeviceCoherentFolio ? "the data is copied afterwards" : "the data was already copied"
    emit(.pages, caller, "entry", text: "\(self.caller(of: caller)): " + (anyMigrating
      ? "for each entry still MIGRATE the core now moves the struct page metadata to the destination (\(copied)), or "
        + "installs holes."
      : "no entry is still MIGRATE, so there is nothing to move."))
    var i = 0
    // Hole entries met: the first opens an MMU-notifier range, which the end closes.
    var holes = 0
    while i < npages {
      let src = src(i)
      let dstValue = dst(i)
      let slot = i
      // Written only by the failure steps; the common ones keep their text as numbers.
      func at() -> String { "Slot \(slot)" }
      guard let newPage = MigratePFN.page(dstValue) else {
        if src & MigratePFN.migrate != 0 {
          setSrc(i, src & ~MigratePFN.migrate)
          // The way back to RAM skips an entry without a page (a hole) without a word.
          let why = MigratePFN.page(src) == nil && readCall({ $0.select }).isDisjoint(with: .system)
            ? "the driver skips holes on the way to RAM" : "declined or allocation failed"
          emit(.pages, function, "no_dst", slot: i, text: "\(at()): dst is empty (\(why)) ⇒ MIGRATE "
            + "cleared: src = \(MigratePFN.hex(self.src(i))).", failed: true)
        }
        i += 1
        continue
      }
      guard let page = MigratePFN.page(src) else {
        guard src & MigratePFN.migrate != 0 else { i += 1; continue }
        holes += 1
        i += insertHoles(slot: i, function: function)
        continue
      }
      var nr = 1
      if kernel.hasCompound && src & MigratePFN.migrate != 0 {
        if src & MigratePFN.compound != 0 && dstValue & MigratePFN.compound == 0 {
          guard isVMA, migrateVMASplitUnmappedFolio(slot: i, head: folio(page).pfn) else {
            setSrc(i, src & ~(MigratePFN.migrate | MigratePFN.compound))
            let why = isVMA
              ? "split_huge_pmd_address(freeze) turns the PMD migration entry into 512 PTE migration entries, then "
                + "folio_split_unmapped() refuses: refcount \(folio(page).refcount) is more than the migration's own "
                + "reference and the mappings" + (isLockedFaultFolio(page)
                  ? " (the fault handler holds one, do_huge_pmd_device_private's)" : ", so someone else holds one")
              : "the device-pfn API cannot split"
            let stays = isVMA ? "The folio stays whole, and finalize restores it mapped by PTEs." : "The THP stays whole."
            emit(.pages, function, "split_fail", slot: i, pfn: page, text: "\(at()): a compound source but small "
              + "destinations; \(why) ⇒ MIGRATE and COMPOUND cleared: src = \(MigratePFN.hex(self.src(i))). \(stays)",
              failed: true)
            i += 1
            continue
          }
        } else if src & MigratePFN.compound == 0 && dstValue & MigratePFN.compound != 0 {
          setSrc(i, src & ~MigratePFN.migrate)
          emit(.pages, function, "compound_mismatch", slot: i, pfn: page, text: "\(at()): a small source but a compound "
            + "destination ⇒ rejected, MIGRATE cleared (spec caveat C1: the kernel still moves metadata here).", failed: true)
          i += 1
          continue
        }
        nr = self.src(i) & MigratePFN.compound != 0 ? folio(page).pageCount : 1
      }
      let mapping = folio(page).mapping
      if folio(newPage).zone.isDevice && mapping != .anon && mapping != .none {
        setSrc(i, src & ~MigratePFN.migrate)
        // A shmem folio in the swap cache has the swap space as its mapping; the test is the same.
        let cache = folio(page).swapcache ? "folio in the swap cache" : "page-cache folio"
        emit(.pages, function, "file_to_device", slot: i, pfn: page, text: "\(at()): the source is a \(mapping.rawValue) "
          + "\(cache) (not anon) and the destination is device memory: file and shmem pages never go to device memory ⇒ "
          + "MIGRATE cleared.", failed: true)
        i += nr
        continue
      }
      if folio(newPage).zone.isDevice && folio(page).swapcache {
        // folio_free_swap() on the locked, unmapped folio.
        let head = folio(page).pfn
        folioFreeSwap(head)
        setSrc(i, src & ~MigratePFN.migrate)
        let why = kernel == .v6_8 ? "The expected reference count is worked out from that stale mapping, so it does not "
          + "match" : "The count is worked out from the folio as it is now and matches, so the kernel goes on with the stale "
          + "swap mapping and leaves the old folio's count wrong (a kernel bug); the model refuses the page instead"
        emit(.pages, function, "swapcache", slot: i, pfn: page, text: "\(at()): an anon folio in the swap cache. "
          + "folio_free_swap() takes it out (PG_swapcache cleared, the cache's reference dropped: refcount "
          + "\(folio(head).refcount)) and marks it dirty, but the mapping was sampled before. \(why) (spec caveat C2) ⇒ "
          + "MIGRATE cleared.", failed: true)
        i += nr
        continue
      }
      for j in 0..<nr where i + j < npages {
        folioMigrateMapping(slot: i + j, function: function)
      }
      i += nr
    }
    // The device-pfn API has no VMA, so no holes.
    let rest = readCall { $0.api } == .migrateVMA ? "Holes, if any, are already mapped; every other entry" : "Every entry"
    // The first hole opened a notifier range (other devices' drivers drop their mappings).
    let notifier = holes == 0 ? "" : " The first hole opened an MMU-notifier range to the end (invalidate_range_start, "
      + "MMU_NOTIFY_MIGRATE, owner \(readCall { $0.owner } ?? "none")), so other devices drop their mappings of it; "
      + "invalidate_range_end closes it now."
    emit(.pages, caller, "done", text: "\(caller)() is done. " + (anyMigrating
      ? "\(rest) still MIGRATE has its metadata on the destination and waits for finalize.\(notifier)"
      : "No entry is still MIGRATE: finalize will leave every source where it is.\(notifier)"))
  }

  /// `folio_migrate_mapping()` + `folio_migrate_flags()` for one slot (spec §5.5.1).
  private mutating func folioMigrateMapping(slot: Int, function: String) {
    let src = src(slot)
    guard src & MigratePFN.migrate != 0, let page = MigratePFN.page(src),
          let newPage = MigratePFN.page(dst(slot)) else { return }
    let old = folio(page)
    let extra = faultPage(of: call) == page ? 1 : 0
    let caches = old.cacheReferencesPerPage * old.pageCount
    let expected = caches + old.mapcount + extra + 1
    let name = kernel == .v6_8 ? (extra == 1 ? "migrate_folio_extra" : "migrate_folio") : "folio_migrate_mapping"
    guard old.refcount == expected else {
      setSrc(slot, src & ~MigratePFN.migrate)
      let outside = old.zone.isDevice
        ? " (the unmap check's ZONE_DEVICE term lets one outside reference through, or it was taken since)"
        : " (taken after the unmap check, which would have refused it)"
      let why = old.refcount > expected ? "someone else holds a reference" + outside
        : "a reference it counts on is missing" + (extra == 1 ? " (no fault handler holds the fault page)" : "")
      emit(.pages, name, "refcount", slot: slot, pfn: page, text: "Slot \(slot): \(name)() expects refcount \(expected) "
        + "(\(caches) cache + \(old.mapcount) mapped + \(extra) fault + 1 migration) but finds \(old.refcount): "
        + why + " ⇒ -EAGAIN, MIGRATE cleared.", failed: true)
      return
    }
    // The page cache's or swap cache's references move with the mapping, and so does
    // PG_swapcache (folio_migrate_flags clears it on the old folio).
    let newHead = folio(newPage).pfn
    update(newHead) { page in
      page.mapping = old.mapping
      page.dirty = old.dirty
      page.refcount += caches
      if old.swapcache { page.swapcache = true }
    }
    // With a mapping, __folio_migrate_mapping moves PG_dirty (the old folio's is cleared); an anon
    // folio's is only copied, by folio_migrate_flags.
    if caches > 0 {
      update(old.pfn) { page in
        page.refcount -= caches
        page.swapcache = false
        page.dirty = false
      }
    }
    emit(.pages, name, "moved", slot: slot, pfn: page, text: SlotText(
      kind: .moved, code: SlotText.code(of: old.mapping), counts: (Int32(old.refcount), Int32(expected), 0),
      words: (newHead, old.pfn)))
  }
}
