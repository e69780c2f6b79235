extension SlotText {
  /// Unmap's step for a folio it checked, `.unmapped` or `.checkFailed`: `isolated` is the
  /// refcount folio_isolate_lru() left (nil for device memory, which is on no LRU), `migrated`
  /// the note of what try_to_migrate() did (0 when nothing was mapped), `src` the entry after a
  /// failed check, `holder` the note naming whose reference holds an unisolated folio (0:
  /// collect's). Unmap takes such a step for every slot, so the sentences wait for `string`.
  init(unmap kind: Kind, check: PageCheck, isolated: Int?, migrated: UInt32, device: Bool = false, src: UInt64 = 0,
       holder: UInt32 = 0) {
    let flags = (isolated == nil ? 0 : Self.isolated) | (device ? Self.device : 0)
      | (check.refusesLarge ? Self.refusesLarge : 0)
    // The check's refcount and mapcount share a word, so the src of a failed check fits beside them.
    let counts = UInt64(UInt32(bitPattern: Int32(check.refcount))) | UInt64(UInt32(bitPattern: Int32(check.mapcount))) << 32
    // The terms take the code's low four bits; a cached folio's order (at most 9) the high four.
    self.init(kind: kind, flags: flags, code: check.terms | UInt8(check.cachedOrder) << 4, counts: (Int32(isolated ?? 0), 0, 0),
              words: (counts, src),
              notes: (migrated, holder))
  }

  /// The check an unmap step names.
  var check: PageCheck {
    PageCheck(refusesLarge: has(Self.refusesLarge), terms: code & 0xf, refcount: Int(Int32(truncatingIfNeeded: words.0)),
              mapcount: Int(Int32(truncatingIfNeeded: words.0 >> 32)), cachedOrder: Int(code >> 4))
  }

  /// "Slot N (pfn): " and what unmap did to the folio before checking it, up to the check's name.
  func unmapStory(slot: Int, pfn: PFN, notes table: [SlotNote]) -> String {
    let (isolate, put) = has(Self.pageHelpers) ? ("isolate_lru_page", "put_page") : ("folio_isolate_lru", "folio_put")
    let isolation = has(Self.isolated)
      ? "\(isolate)() takes it off the LRU (+1 ref) and \(put)() drops collect's ref: refcount \(counts.0). " : ""
    return "Slot \(slot) (\(MigratePFN.hex(pfn))): \(isolation)\(table[Int(notes.0)].string)migrate_vma_check_page(): "
  }

  /// Why a failed check's folio stays: still mapped after try_to_migrate(), or the check's verdict.
  var checkFailure: String {
    let verdict = check
    return verdict.mapcount > 0 ? "it is still mapped (mapcount \(verdict.mapcount))" : verdict.text
  }
}
