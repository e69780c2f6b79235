import FolioScenario

extension Engine {
  /// The driver between setup and `migrate_vma_pages` (spec §5.4, dmirror-like): for every
  /// MIGRATE entry allocate a locked destination, fill `dst[i]`, and copy (or zero) the data.
  /// Returns false when migrating back to RAM ran out of memory (the fault returns VM_FAULT_OOM).
  @discardableResult
  mutating func driverAllocateAndCopy(_ driver: DriverSpec, toDevice: Bool) -> Bool {
    let isVMA = readCall { $0.api } == .migrateVMA
    let function = toDevice ? "dmirror_migrate_alloc_and_copy"
      : isVMA ? "dmirror_devmem_fault_alloc_and_copy" : "dmirror_device_evict_chunk"
    // Only dmirror's way back for a migrate_vma (the fault, MIGRATE_TO_SYS) gives up; the
    // pre-THP one, the migration to the device and the eviction skip the page.
    let givesUp = !toDevice && isVMA && kernel != .v6_8
    let region = destinationRegion(driver, toDevice: toDevice)
    // dmirror's way back allocates system pages only; a scenario may name device memory instead.
    let beyondDmirror = if !toDevice, let region, region.zone.isDevice {
      " (dmirror's own \(function)() allocates system pages only; this scenario's driver allocates from "
        + "\(region.name) instead, with allocate_from)"
    } else { "" }
    emit(.driver, function, "entry", text: "Back in the driver: " + (anyMigrating
      ? "for each entry still MIGRATE it allocates a destination in \(region?.name ?? "no region")\(beyondDmirror), locks "
        + "it, fills dst[] and copies the data\(toDevice ? " (a hole is zero-filled)" : "")."
      : "no entry is still MIGRATE, so it has nothing to allocate or copy."))
    var i = 0
    while i < npages {
      let mpfn = src(i)
      let slot = i
      i += 1
      guard mpfn & MigratePFN.migrate != 0 else { continue }
      if !toDevice && MigratePFN.page(mpfn) == nil { continue }
      if toDevice, let pfn = MigratePFN.page(mpfn), frame(pfn).zone.isDevice {
        emit(.driver, function, "skip", slot: slot, pfn: pfn, text: "Slot \(slot): the source is already device memory; "
          + "the driver warns and skips it (dst stays 0).")
        continue
      }
      if driver.decline.contains(slot) {
        emit(.driver, function, "decline", slot: slot, text: "Slot \(slot): the driver declines this entry and leaves "
          + "dst[\(slot)] = 0.")
        continue
      }
      let compound = mpfn & MigratePFN.compound != 0
      // A large source's own order (dmirror's eviction and fault path: folio_order of the source;
      // its migration to the device: HPAGE_PMD_ORDER, the same for the PMD-sized sources a
      // migrate_vma marks COMPOUND); a compound hole is a PMD.
      let order = compound && !driver.failCompoundAlloc ? MigratePFN.page(mpfn).map { folio($0).order } ?? 9 : 0
      let explicit = driver.dst[slot]
      // Busy also when the block runs past the end of memory (no frame there to allocate).
      let busy = explicit.map { pfn in
        (0..<(1 << order)).contains { position(of: pfn + UInt64($0)) == nil || !frame(pfn + UInt64($0)).free }
      } ?? false
      // A large folio starts at a multiple of its size; no allocator hands out another.
      let misaligned = explicit.map { $0 % UInt64(1 << order) != 0 } ?? false
      let failed = driver.failAlloc.contains(slot) || busy || misaligned
      let found = failed ? nil : region.flatMap { explicit ?? findFree(in: $0, order: order) }
      // No free block of the source's order: dmirror falls back to small pages, on the way to the
      // device and on the fault path (its eviction does not, a TODO).
      if order > 0, found == nil, !failed, toDevice || isVMA, let region {
        guard let next = fallBackToSmallPages(slot: slot, src: mpfn, region: region, function: function,
                                              explicitHead: nil, toDevice: toDevice, givesUp: givesUp, flagged: false) else {
          return false
        }
        i = next
        continue
      }
      guard !failed, let region, let head = found else {
        let why = misaligned ? "the requested destination \(MigratePFN.hex(explicit ?? 0)) cannot head an order-\(order) folio "
          + "(not a multiple of \(1 << order))" : busy ? "the requested destination \(MigratePFN.hex(explicit ?? 0)) is not free"
          : "allocating a destination fails"
        guard givesUp else {
          let preTHP = !toDevice && isVMA
          // dmirror's eviction does not check its large folio_alloc(): where no free block is
          // left, the kernel would oops, and the model has to do something else.
          // On the way to the device a failed large allocation (or FAIL_ALLOC) falls back to
          // small pages, and dmirror_devmem_alloc_page()'s result there is not checked: the step
          // stands on the fallback's line.
          let fallback = toDevice && compound && driver.failAlloc.contains(slot)
          let unchecked = !failed && order > 0 && function == "dmirror_device_evict_chunk"
            ? " (dmirror does not check this folio_alloc(): the kernel would oops on the NULL folio; the model skips "
              + "the page instead)"
            : fallback
              ? ", for the whole folio and then for the first small page of dmirror's fallback, which it does not "
                + "check (the kernel would oops on the NULL page; the model skips the entry instead)" : ""
          let label = preTHP ? "alloc_skip" : fallback ? "fallback" : "alloc_fail"
          emit(.driver, function, label, slot: slot, text: "Slot \(slot): \(why)\(unchecked); dst "
            + "stays 0 " + (toDevice ? "(the entry will lose MIGRATE in migrate_vma_pages)." : (preTHP ? "and the pre-THP "
            + "driver just skips the page (spec caveat C8)" : "and the page is skipped") + ": the entry will lose MIGRATE "
            + "in \(isVMA ? "migrate_vma_pages" : "migrate_device_pages") and finalize restores it."), failed: true)
          continue
        }
        // dmirror has already written dst (W from src) when the system page cannot be had; for a
        // compound entry it tries small pages next, and when the first fails too it zeroes the run.
        setDst(slot, compound ? 0 : mpfn & MigratePFN.write)
        emit(.driver, function, "alloc_fail", slot: slot, text: "Slot \(slot): \(why)"
          + (compound ? ", for the whole folio and then for its first small page, so dst[\(slot)…] is zeroed"
            : " (dst = \(MigratePFN.hex(dst(slot))), no page)")
          + "; the driver gives up: it finalizes at once and \(givingUpResult).", failed: true)
        return false
      }
      if compound && order == 0 {
        guard let next = fallBackToSmallPages(slot: slot, src: mpfn, region: region, function: function,
                                              explicitHead: explicit, toDevice: toDevice, givesUp: givesUp,
                                              flagged: true) else {
          return false
        }
        i = next
        continue
      }
      allocateFolio(at: head, order: order, copying: MigratePFN.page(mpfn))
      // The pre-THP dmirror (v6.8) also set WRITE for a hole in a VM_WRITE VMA.
      let holeWrite = kernel == .v6_8 && toDevice && MigratePFN.page(mpfn) == nil && callVMAIsWritable
      // A scenario's buggy driver may mark a small page's destination COMPOUND (spec caveat C1;
      // a hole's C would make migrate_vma_pages insert a PMD, a different bug, not modelled).
      let misMarked = order == 0 && kernel.hasCompound && MigratePFN.page(mpfn) != nil && driver.markCompound.contains(slot)
      let value = MigratePFN.make(head) | (mpfn & MigratePFN.write) | (holeWrite ? MigratePFN.write : 0)
        | (order > 0 || misMarked ? MigratePFN.compound : 0)
      setDst(slot, value)
      guard !misMarked else {
        emit(.driver, function, "alloc", slot: slot, pfn: head, text: "Slot \(slot): the driver allocates the single page "
          + "\(MigratePFN.hex(head)) but sets dst[\(slot)] = \(MigratePFN.hex(value)) (\(MigratePFN.letters(value))) with "
          + "MIGRATE_PFN_COMPOUND: a driver bug (spec caveat C1) that migrate_vma_pages rejects.", failed: true)
        continue
      }
      let isDevice = frame(head).zone.isDevice
      emit(.driver, function, "alloc", slot: slot, pfn: head, text: SlotText(
        kind: .allocated, flags: (order > 0 ? SlotText.large : 0) | (isDevice ? SlotText.device : 0), code: UInt8(order),
        words: (value, mpfn)))
    }
    return true
  }

  /// What dmirror returns when it gives up on the way to RAM: from the fault handler (the call
  /// has a fault page) VM_FAULT_OOM, from the MIGRATE_TO_SYS ioctl -ENOMEM.
  private var givingUpResult: String {
    faultPage(of: call) != nil ? "the fault returns VM_FAULT_OOM" : "the ioctl returns -ENOMEM"
  }

  /// Whether the VMA of the current `migrate_vma` call has VM_WRITE.
  @inline(__always) private var callVMAIsWritable: Bool {
    let (process, start) = readCall { ($0.process, $0.start) }
    guard let name = process, let start, let process = machine.processIndex(named: name) else {
      return false
    }
    return machine.processes[process].vma(containing: start)?.writable ?? false
  }

  /// No destination of the source's order: as many small pages fill `dst[slot...]` without
  /// COMPOUND (dmirror's FAIL_ALLOC fallback). Returns the slot after the run, or nil when a small page
  /// cannot be had on the way to RAM: then dmirror frees the pages it got, zeroes the run's dst
  /// and gives up with VM_FAULT_OOM.
  private mutating func fallBackToSmallPages(slot: Int, src: UInt64, region: MemoryRegion, function: String,
                                             explicitHead: PFN?, toDevice: Bool, givesUp: Bool, flagged: Bool) -> Int? {
    // The source folio's pages (a compound hole: a PMD's worth), as many as the arrays hold (a
    // device range cut through a large folio has fewer slots than the folio has pages).
    let pages = min(npages - slot, MigratePFN.page(src).map { folio($0).pageCount } ?? hpagePMDNr)
    var first: PFN?
    var got = 0
    for k in 0..<pages {
      // From an explicit destination the small pages run on from it, while they are free pages
      // of memory: past the end of memory, or onto a page in use, they run out.
      let next = explicitHead.map { head -> PFN? in
        let pfn = head + UInt64(k)
        return position(of: pfn) != nil && frame(pfn).free ? pfn : nil
      } ?? findFree(in: region, order: 0)
      guard let pfn = next else {
        guard givesUp else { break }
        for j in 0..<k {
          if let page = MigratePFN.page(dst(slot + j)) { unlockAndPut(page) }
        }
        for j in 0..<pages { setDst(slot + j, 0) }
        emit(.driver, function, "fallback_fail", slot: slot, text: "Slot \(slot) is compound and no page of its order can "
          + "be had; the fallback to small pages runs out after \(counted(k, "page")). The driver unlocks and frees those, "
          + "zeroes dst[\(slot)…\(slot + pages - 1)] and gives up: it finalizes at once and \(givingUpResult).",
          failed: true)
        return nil
      }
      first = first ?? pfn
      allocateFolio(at: pfn, order: 0, copying: MigratePFN.page(src).map { $0 + UInt64(k) })
      // The fault path's small pages carry no WRITE; the migration to the device keeps src's.
      setDst(slot + k, MigratePFN.make(pfn) | (toDevice ? src & MigratePFN.write : 0))
      got += 1
    }
    let evicting = readCall { $0.api } != .migrateVMA
    let why: String = evicting
      ? "the scenario's fail_compound_alloc; dmirror's eviction neither reads FAIL_ALLOC nor checks its compound "
        + "folio_alloc, a TODO, so this fallback is the model's):"
      : (flagged ? "FAIL_ALLOC" : "no free block of that order") + "), so the driver falls back to small pages:"
    let filled = (got == 0 ? "no small page can be had either, so dst[\(slot)…\(slot + pages - 1)] stay 0"
      : "\(counted(got, "small page")) from \(MigratePFN.hex(first ?? 0)) fill\(got == 1 ? "s" : "") dst[\(slot)…\(slot + got - 1)] without COMPOUND"
        + (toDevice ? "" : " or WRITE"))
      + (got > 0 && got < pages ? " (then they run out: dst[\(slot + got)…\(slot + pages - 1)] stay 0)" : "")
      // dmirror_migrate_alloc_and_copy() uses each small page without checking it.
      + (toDevice && got < pages ? "; dmirror does not check these allocations (the kernel would oops on the NULL "
        + "page; the model leaves the rest of the run 0)" : "")
    emit(.driver, function, "fallback", slot: slot, pfn: first, text: "Slot \(slot) is compound, but no destination of its "
      + "order can be had (\(why) \(filled)" + (got > 0 ? ", and each subpage is copied." : "."))
    return slot + pages
  }

  /// Step 5 of Documentation/mm/hmm.rst: the driver maps every entry still MIGRATE into its
  /// device page table (dmirror_migrate_finalize_and_map); CPU page tables are the core's job.
  mutating func driverUpdateDevicePageTable() {
    // Counted in place: a filtered array of a million-slot call's indices cost more than the count.
    let (mapped, pages) = readCall { current in
      zip(current.src, current.dst).reduce((0, 0)) { sum, pair in
        guard pair.0 & MigratePFN.migrate != 0, let page = MigratePFN.page(pair.1) else { return sum }
        // A COMPOUND dst stores one entry for each page of its folio.
        return (sum.0 + 1, sum.1 + (pair.1 & MigratePFN.compound != 0 ? folio(page).pageCount : 1))
      }
    }
    emit(.driver, "dmirror_migrate_finalize_and_map", "map", text: mapped == 0
      ? "No entry is still MIGRATE with a destination, so the driver has nothing to map in its device page table."
      : "The driver updates its device page table for the \(mapped) entr\(mapped == 1 ? "y" : "ies") still MIGRATE "
        + (pages == mapped ? "" : "in \(pages) page-table entries, as a COMPOUND dst stores one for each page of its folio ")
        + "(write permission from MIGRATE_PFN_WRITE in dst). The pages are still locked until finalize.")
  }
}
