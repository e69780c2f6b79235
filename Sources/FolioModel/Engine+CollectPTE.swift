import FolioScenario

extension Engine {
  /// The PTE loop of `migrate_vma_collect_pmd()` (spec §5.2 P1–P12), resuming at the same
  /// address after a large folio was split. `faultFolio`: the fault folio's head as read on
  /// entry (v6.15+), which a split in the loop does not update.
  mutating func collectPTEs(process: Int, vma: VMA, start: UInt64, end: UInt64, faultFolio: PFN?) {
    let function = "migrate_vma_collect_pmd"
    // Only what the loop reads: a copy of the call would share its src array and make the
    // first setSrc below copy the array's chunk table.
    let (select, owner) = readCall { ($0.select, $0.owner) }
    var address = start
    while address < end {
      let slot = npages
      let pte = machine.processes[process].pte(at: address)
      // Written only by the rare steps that keep a written text.
      func at() -> String { "Slot \(slot) (\(MigratePFN.hex(address)))" }
      // A selected page (P6/P12): its pfn and whether its entry is writable.
      var candidate: (pfn: PFN, write: Bool)?
      switch pte {
      case .none:
        if vma.isAnonymous {
          _ = append(MigratePFN.migrate)
          setCounters(cpages: cpages + 1)
          emit(.collect, function, "pte_none", slot: slot, pfn: nil, text: SlotText(
            kind: .hole, counts: (Int32(cpages), 0, 0), words: (address, 0)))
        } else {
          _ = append(0)
          emit(.collect, function, "pte_none", slot: slot, text: "\(at()): pte_none, but the VMA is not anonymous ⇒ src = 0.")
        }
      case .swap, .migration, .deviceExclusive:
        _ = append(0)
        emit(.collect, function, "nonpresent", slot: slot, pfn: pte.pfn, text: "\(at()): a non-present entry that is not "
          + "device-private (\(entryName(pte))) ⇒ src = 0. Collect never waits at PTE level.")
      case .devicePrivate(let entry):
        let page = frame(entry.pfn)
        guard select.contains(.devicePrivate), machine.owner(of: page) == owner else {
          _ = append(0)
          emit(.collect, function, "devpriv_skip", slot: slot, pfn: entry.pfn, text: "\(at()): device-private entry for "
            + "\(MigratePFN.hex(entry.pfn)) of owner \(machine.owner(of: page) ?? "?"); "
            + (select.contains(.devicePrivate) ? "pgmap_owner is \(owner ?? "none")" : "SELECT_DEVICE_PRIVATE is not set")
            + " ⇒ not selected, src = 0.")
          address += pageSize
          continue
        }
        candidate = (entry.pfn, entry.write)
      case .zero:
        if select.contains(.system) {
          _ = append(MigratePFN.migrate)
          setCounters(cpages: cpages + 1)
          emit(.collect, function, "zero", slot: slot, pfn: nil, text: SlotText(
            kind: .zeroPage, counts: (Int32(cpages), 0, 0), words: (address, 0)))
        } else {
          _ = append(0)
          emit(.collect, function, "normal_page", slot: slot, text: "\(at()): the zero page, and SELECT_SYSTEM is not set: "
            + "vm_normal_page() finds no page ⇒ src = 0.")
        }
      case .present(let bits):
        let page = frame(bits.pfn)
        if page.zone == .normal && !select.contains(.system) {
          _ = append(0)
          emit(.collect, function, "select_system", slot: slot, pfn: bits.pfn, text: "\(at()): a system page, but "
            + "SELECT_SYSTEM is not set ⇒ src = 0.")
          address += pageSize
          continue
        }
        if page.zone == .deviceCoherent && (!select.contains(.deviceCoherent) || machine.owner(of: page) != owner) {
          _ = append(0)
          emit(.collect, function, "select_coherent", slot: slot, pfn: bits.pfn, text: "\(at()): a device-coherent page of "
            + "\(machine.owner(of: page) ?? "?") that this call does not select ⇒ src = 0.")
          address += pageSize
          continue
        }
        candidate = (bits.pfn, bits.write)
      }
      if let (pfn, write) = candidate {
        if folio(pfn).order > 0 {
          switch collectLarge(pfn, slot: slot, address: address, end: end, at: at()) {
          case .skipped: break
          case .split: continue
          case .failed: return
          }
        } else {
          collectCandidate(process: process, vma: vma, address: address, pfn: pfn, write: write, old: pte,
                           faultFolio: faultFolio)
        }
      }
      address += pageSize
    }
  }

  /// What the PTE loop does with a page of a large folio.
  private enum LargeFolioOutcome {
    /// v6.8: src = 0 for this page; the walk goes on to the next address.
    case skipped
    /// v7.0: split; the walk looks at the same address again.
    case split
    /// v7.0: the split failed and the rest of the range was skipped.
    case failed
  }

  /// A PTE-mapped page of a large folio, present or device-private alike. v7.0 calls
  /// `migrate_vma_split_folio()` and then walks again from the same address, or skips the rest
  /// of the range if the split fails. v6.8's `PageTransCompound` test, after both branches
  /// ("FIXME support THP"), writes src = 0 for the page.
  private mutating func collectLarge(_ pfn: PFN, slot: Int, address: UInt64, end: UInt64, at: String) -> LargeFolioOutcome {
    guard kernel.hasCompound else {
      _ = append(0)
      emit(.collect, "migrate_vma_collect_pmd", "thp_skip", slot: slot, pfn: pfn, text: "\(at): \(MigratePFN.hex(pfn)) belongs "
        + "to a large folio (order \(folio(pfn).order)); v6.8 does not migrate PTE-mapped large folios, present or "
        + "device-private (\"FIXME support THP\": PageTransCompound) ⇒ src = 0.", failed: true)
      return .skipped
    }
    if migrateVMASplitFolio(pfn, at: at) { return .split }
    collectSkip(start: address, end: end, why: "The split failed.")
    return .failed
  }

  func entryName(_ pte: PTE) -> String {
    switch pte {
    case .none: "none"
    case .present: "present"
    case .zero: "zero page"
    case .migration: "a migration entry of another migration"
    case .devicePrivate: "device-private"
    case .deviceExclusive: "device-exclusive"
    case .swap: "a swap entry"
    }
  }
}
