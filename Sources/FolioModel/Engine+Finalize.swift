import FolioScenario

extension Engine {
  /// `migrate_vma_finalize()` / `migrate_device_finalize()` (spec §5.7): every slot's PTEs point
  /// at the winner (destination on success, source on failure), locks drop, losers are freed.
  /// v6.8 restores first and puts the source back on the LRU even when it is about to be freed.
  /// `pagesRan` false: the driver gave up and finalizes without `migrate_vma_pages` (dmirror's
  /// way back to RAM after an allocation failure).
  mutating func migrateVMAFinalize(pagesRan: Bool = true) {
    let isVMA = machine.calls[call].api == .migrateVMA
    let function = kernel == .v6_8 ? "migrate_device_finalize" : "__migrate_device_finalize"
    let entry = isVMA ? "migrate_vma_finalize" : "migrate_device_finalize"
    if !pagesRan { callsWithoutPages.insert(call) }
    emit(.finalize, entry, "entry", text: "\(caller(of: entry)): each slot's mappings now point at the page that won"
      + (anyMigrating ? "" : " (here every source: no entry is still MIGRATE)") + ", and every lock taken is released.")
    var stranded: [Int] = []
    for i in 0..<npages where !finalizeSlot(i, function: function, pagesRan: pagesRan) { stranded.append(i) }
    guard !stranded.isEmpty else {
      return emit(.finalize, function, "done", text: "Finalize is over: no migration entry is left for these folios.")
    }
    let slots = stranded.prefix(8).map(String.init).joined(separator: ", ") + (stranded.count > 8 ? ", …" : "")
    emit(.finalize, function, "done", text: "Finalize is over, but the migration entries of "
      + "\(counted(stranded.count, "slot")) (\(slots)) are left behind, naming pages that are now free: the driver "
      + "finalized without migrate_vma_pages after giving those slots a destination.", failed: true)
  }

  /// Finalizes slot `i`; false when its migration entries are left behind (see
  /// `finalizeUnmappedDestination`).
  private mutating func finalizeSlot(_ i: Int, function: String, pagesRan: Bool) -> Bool {
    let src = src(i)
    let dstPfn = MigratePFN.page(dst(i))
    let dstHead = dstPfn.map { folio($0).pfn }
    guard let page = MigratePFN.page(src) else {
      guard let dstHead else { return true }
      let inserted = folio(dstHead).mapcount > 0
      unlockAndPut(dstHead)
      emit(.finalize, function, "hole", slot: i, pfn: dstHead, text: SlotText(
        kind: .noSource, flags: inserted ? SlotText.inserted : 0, counts: (Int32(folio(dstHead).refcount), 0, 0)),
        failed: !inserted)
      return true
    }
    let srcHead = folio(page).pfn
    let migrated = src & MigratePFN.migrate != 0 && dstHead != nil
    if migrated && !pagesRan, let dstHead {
      finalizeUnmappedDestination(i, page: page, srcHead: srcHead, dstHead: dstHead, function: function)
      return false
    }
    var winner = srcHead
    var freedDst = ""
    if migrated, let dstHead {
      winner = dstHead
    } else if let dstHead {
      unlockAndPut(dstHead)
      freedDst = "the unused destination \(MigratePFN.hex(dstHead)) is unlocked and put (refcount \(folio(dstHead).refcount)); then "
    }
    let keepLocked = isLockedFaultFolio(srcHead)
    if kernel == .v6_8 {
      let restored = removeMigrationPTEs(src: srcHead, dst: winner)
      if !keepLocked { update(srcHead) { $0.lockedBy = nil } }
      if !folio(srcHead).zone.isDevice { update(srcHead) { $0.lru = true } }
      putFolio(srcHead)
      if winner != srcHead {
        update(winner) { page in
          page.lockedBy = nil
          if page.zone == .normal { page.lru = true }
        }
        putFolio(winner)
      }
      emitFinalize(i, page: page, srcHead: srcHead, winner: winner, restored: restored, freedDst: freedDst,
                   function: function, v68: true)
      return true
    }
    if !folio(winner).zone.isDevice { update(winner) { $0.lru = true } }
    let restored = removeMigrationPTEs(src: srcHead, dst: winner)
    if !keepLocked { update(srcHead) { $0.lockedBy = nil } }
    putFolio(srcHead)
    if winner != srcHead { unlockAndPut(winner) }
    emitFinalize(i, page: page, srcHead: srcHead, winner: winner, restored: restored, freedDst: freedDst,
                 function: function, v68: false)
    return true
  }

  /// A slot still MIGRATE with a destination, finalized without `migrate_vma_pages`: the
  /// destination never took over the source's mapping, so remove_migration_ptes(), which walks
  /// the destination's rmap, finds no VMA and restores nothing. The source and destination are
  /// unlocked and put all the same, and the migration entries are left naming the source.
  private mutating func finalizeUnmappedDestination(_ i: Int, page: PFN, srcHead: PFN, dstHead: PFN, function: String) {
    if !folio(dstHead).zone.isDevice { update(dstHead) { $0.lru = true } }
    let left = entries(of: srcHead).reduce(0) { count, _ in count + 1 }
    let keepLocked = isLockedFaultFolio(srcHead)
    if !keepLocked { update(srcHead) { $0.lockedBy = nil } }
    putFolio(srcHead)
    unlockAndPut(dstHead)
    let (source, destination) = (MigratePFN.hex(srcHead), MigratePFN.hex(dstHead))
    let sourceState = folio(srcHead).free ? "freed" : "refcount \(folio(srcHead).refcount)"
    let destinationState = folio(dstHead).free ? "freed" : "refcount \(folio(dstHead).refcount)"
    let stillNaming = counted(left, "migration entry still names", "migration entries still name")
    let sourceFate = keepLocked ? "left locked (the fault folio) and put" : "unlocked and put"
    emit(.finalize, function, "migrated", slot: i, pfn: dstHead, text: "Slot \(i): still MIGRATE with destination "
      + "\(destination), but migrate_vma_pages never ran, so \(destination) never took over the source's mapping: "
      + "remove_migration_ptes() walks its rmap, finds no VMA and restores nothing. The source \(source) is "
      + "\(sourceFate) (\(sourceState)), the destination unlocked and put (\(destinationState)); \(stillNaming) \(source). "
      + "A driver bug (dmirror gives up this way): an access there now waits on a page that is gone.", failed: true)
  }

  private mutating func emitFinalize(_ i: Int, page: PFN, srcHead: PFN, winner: PFN, restored: Int, freedDst: String,
                                     function: String, v68: Bool) {
    let source = folio(srcHead)
    let freed = source.free ? SlotText.sourceFreed : 0
    let sourceRefcount = UInt64(bitPattern: Int64(source.refcount))
    // A PMD the walk restored (only finalize maps the winner by a PMD here).
    let viaPMD = restored > 0 && folio(winner).order > 0 && entries(of: winner).contains(where: \.isPMD) ? SlotText.viaPMD : 0
    if winner != srcHead {
      checkContent(src: srcHead, dst: winner)
      let won = folio(winner)
      let (refcount, mapcount) = (won.refcount, won.mapcount)
      emit(.finalize, function, "migrated", slot: i, pfn: winner, text: SlotText(
        kind: .migrated, flags: freed | viaPMD | (v68 && !source.zone.isDevice ? SlotText.putBackOnLRU : 0)
          | (isLockedFaultFolio(srcHead) ? SlotText.lockedFault : 0)
          // The fault path asks for a COMPOUND migration only from a device-private PMD.
          | (machine.calls[call].select.contains(.compound) ? SlotText.pmdFault : 0),
        counts: (Int32(restored), Int32(refcount), Int32(mapcount)), words: (srcHead, sourceRefcount)))
    } else {
      let lockedFault = isLockedFaultFolio(srcHead) ? SlotText.lockedFault : 0
      let lru = source.zone.isDevice ? 0 : SlotText.putBackOnLRU
      emit(.finalize, function, "restore", slot: i, pfn: page, text: SlotText(
        kind: .restored, flags: freed | lockedFault | lru | viaPMD, counts: (Int32(restored), 0, 0), words: (srcHead, sourceRefcount),
        notes: (log.note(.text(freedDst)), 0)), failed: true)
    }
  }

  /// `folio_unlock()` + `folio_put()`.
  mutating func unlockAndPut(_ head: PFN) {
    update(head) { $0.lockedBy = nil }
    putFolio(head)
  }

  /// The destination must hold exactly what the source held when it was collected, unless
  /// finalize freed it: then no mapping and no reference was left to read it at any address
  /// (an unmapped source held only by `migrate_device_coherent_folio`'s caller), as in the
  /// kernel; the checker's free-and-used rule proves nothing still names it.
  private mutating func checkContent(src: PFN, dst: PFN) {
    guard !folio(dst).free else { return }
    for k in 0..<folio(dst).pageCount {
      guard let position = position(of: src + UInt64(k)), let expected = expectedContent[position] else { continue }
      let actual = frame(dst + UInt64(k)).content
      if actual != expected {
        violations.append(InvariantViolation(step: log.count, rule: "no-data-lost", message: "page "
          + "\(MigratePFN.hex(dst + UInt64(k))) holds \(actual.map { MigratePFN.hex($0) } ?? "nothing") but its source "
          + "\(MigratePFN.hex(src + UInt64(k))) held \(MigratePFN.hex(expected))"))
      }
    }
  }
}
