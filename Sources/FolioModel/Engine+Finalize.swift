import FolioScenario

extension Engine {
  /// `migrate_vma_finalize()` / `migrate_device_finalize()` (spec §5.7): every slot's PTEs point
  /// at the winner (destination on success, source on failure), locks drop, losers are freed.
  /// v6.8 restores first and puts the source back on the LRU even when it is about to be freed.
  mutating func migrateVMAFinalize() {
    let isVMA = machine.calls[call].api == .migrateVMA
    let function = kernel == .v6_8 ? "migrate_device_finalize" : "__migrate_device_finalize"
    emit(.finalize, isVMA ? "migrate_vma_finalize" : "migrate_device_finalize", "entry", text: "The driver calls "
      + "\(isVMA ? "migrate_vma_finalize" : "migrate_device_finalize")(): each slot's mappings now point at the page that "
      + "won, and every lock taken is released.")
    for i in 0..<machine.calls[call].npages { finalizeSlot(i, function: function) }
    emit(.finalize, function, "done", text: "Finalize is over: no migration entry is left for these folios.")
  }

  private mutating func finalizeSlot(_ i: Int, function: String) {
    let src = machine.calls[call].src[i]
    let dstPfn = MigratePFN.page(machine.calls[call].dst[i])
    let dstHead = dstPfn.map { folio($0).pfn }
    guard let page = MigratePFN.page(src) else {
      guard let dstHead else { return }
      let inserted = folio(dstHead).mapcount > 0
      unlockAndPut(dstHead)
      emit(.finalize, function, "hole", slot: i, pfn: dstHead, text: "Slot \(i): no source page. "
        + (inserted ? "The destination was mapped in migrate_vma_pages; folio_unlock() and folio_put() drop the allocation "
          + "ref (refcount \(folio(dstHead).refcount))." : "The destination was never mapped: folio_unlock() and folio_put() free it."),
        failed: !inserted)
      return
    }
    let srcHead = folio(page).pfn
    let migrated = src & MigratePFN.migrate != 0 && dstHead != nil
    var winner = srcHead
    var freedDst = ""
    if migrated, let dstHead {
      winner = dstHead
    } else if let dstHead {
      unlockAndPut(dstHead)
      freedDst = " The unused destination \(MigratePFN.hex(dstHead)) is unlocked and put (refcount \(folio(dstHead).refcount))."
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
      return
    }
    if !folio(winner).zone.isDevice { update(winner) { $0.lru = true } }
    let restored = removeMigrationPTEs(src: srcHead, dst: winner)
    if !keepLocked { update(srcHead) { $0.lockedBy = nil } }
    putFolio(srcHead)
    if winner != srcHead { unlockAndPut(winner) }
    emitFinalize(i, page: page, srcHead: srcHead, winner: winner, restored: restored, freedDst: freedDst,
                 function: function, v68: false)
  }

  private mutating func emitFinalize(_ i: Int, page: PFN, srcHead: PFN, winner: PFN, restored: Int, freedDst: String,
                                     function: String, v68: Bool) {
    let source = folio(srcHead)
    if winner != srcHead {
      checkContent(src: srcHead, dst: winner)
      let (refcount, mapcount) = (folio(winner).refcount, folio(winner).mapcount)
      emitDeferred(.finalize, function, "migrated", slot: i, pfn: winner) { "Slot \(i): migrated. remove_migration_ptes() "
        + "points \(counted(restored, "mapping")) at \(MigratePFN.hex(winner)) (refcount \(refcount), mapcount "
        + "\(mapcount)). The source \(MigratePFN.hex(srcHead)) is unlocked and put: \(Self.state(of: source))"
        + (v68 && !source.zone.isDevice ? " (v6.8 first puts it back on the LRU with putback_lru_page)" : "") + "."
      }
    } else {
      let lockedFault = isLockedFaultFolio(srcHead)
      emitDeferred(.finalize, function, "restore", slot: i, pfn: page, failed: true) {
        "Slot \(i): not migrated, so the source is the winner: "
          + "remove_migration_ptes() restores \(counted(restored, "mapping")) of \(MigratePFN.hex(srcHead)); it is "
          + (lockedFault ? "left locked (fault folio) " : "unlocked ") + "and put (\(Self.state(of: source))).\(freedDst)"
      }
    }
  }

  /// How a put source ended, for finalize's texts.
  static func state(of source: PageFrame) -> String { source.free ? "freed" : "refcount \(source.refcount)" }

  /// `folio_unlock()` + `folio_put()`.
  mutating func unlockAndPut(_ head: PFN) {
    update(head) { $0.lockedBy = nil }
    putFolio(head)
  }

  /// The destination must hold exactly what the source held when it was collected.
  private mutating func checkContent(src: PFN, dst: PFN) {
    for k in 0..<folio(dst).pageCount {
      guard let expected = expectedContent[src + UInt64(k)] else { continue }
      let actual = frame(dst + UInt64(k)).content
      if actual != expected {
        violations.append(InvariantViolation(step: log.count, rule: "no-data-lost", message: "page "
          + "\(MigratePFN.hex(dst + UInt64(k))) holds \(actual.map { MigratePFN.hex($0) } ?? "nothing") but its source "
          + "\(MigratePFN.hex(src + UInt64(k))) held \(MigratePFN.hex(expected))"))
      }
    }
  }
}
