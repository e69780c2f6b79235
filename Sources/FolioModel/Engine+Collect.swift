import FolioScenario

extension Engine {
  /// `migrate_vma_collect()`: walks the page tables of `[start, end)` one PMD at a time
  /// (`walk_page_range` with `migrate_vma_collect_pmd` / `migrate_vma_collect_hole`).
  mutating func migrateVMACollect(process: Int, vma: VMA) {
    let (start, end, owner) = readCall { ($0.start, $0.end, $0.owner) }
    guard let start, let end else { return }
    emit(.collect, "migrate_vma_collect", "notifier", text: "mmu_notifier_invalidate_range_start(MMU_NOTIFY_MIGRATE, "
      + "owner \(owner ?? "none")): device drivers drop their mappings of the range (the owner ignores its own "
      + "event). Then walk_page_range() visits it one PMD at a time.")
    var address = start
    while address < end {
      if let holeEnd = upperLevelHoleEnd(process: process, address: address, end: end) {
        collectHole(vma: vma, start: address, end: holeEnd)
        address = holeEnd
        continue
      }
      let next = min(end, (address | (UInt64(hpagePMDNr) * pageSize - 1)) + 1)
      collectPMD(process: process, vma: vma, start: address, end: next)
      address = next
    }
    emit(.collect, "migrate_vma_collect", "done", text: "The walk is over: \(counted(npages, "entry", "entries")) written, "
      + "cpages = \(cpages). mmu_notifier_invalidate_range_end().")
  }

  /// Where the hole ends that the walk reports at `address` when no page table below a PGD
  /// (512 GiB) or PUD (1 GiB) entry maps anything: walk_pgd_range and walk_pud_range call
  /// migrate_vma_collect_hole() once for the whole empty region, up to `end`. Nil when a PMD
  /// table covers `address` (the walk goes on one PMD at a time). A region counts as empty when
  /// no PTE or PMD entry of the process lies in it, as an empty PTE table counts as pmd_none.
  private func upperLevelHoleEnd(process: Int, address: UInt64, end: UInt64) -> UInt64? {
    let state = machine.processes[process]
    for shift: UInt64 in [39, 30] {
      let first = (address >> shift) << shift
      let region = first..<(first + (1 << shift))
      let pmdIndexes = (region.lowerBound >> 21)..<(region.upperBound >> 21)
      let empty = !state.ptes.hasEntries(pmdIndexes: pmdIndexes)
        && !state.pmds.keys.contains { pmdIndexes.contains($0) && state.pmds[$0] != .table }
      if empty { return min(end, region.upperBound) }
    }
    return nil
  }

  /// `migrate_vma_collect_pmd()` for one PMD-sized piece `[start, end)`.
  /// `fault_folio` is read once, on entry (v7.0): a folio split below leaves it naming the head's
  /// piece, even where the split moved the fault handler's lock to another piece.
  mutating func collectPMD(process: Int, vma: VMA, start: UInt64, end: UInt64) {
    let faultFolio = lockedFaultFolio(call: call)
    if case .table = machine.processes[process].pmd(at: start) {
      collectTable(process: process, vma: vma, start: start, end: end, faultFolio: faultFolio)
      return
    }
    if kernel.hasCompound {
      if collectHugePMD(process: process, vma: vma, start: start, end: end, faultFolio: faultFolio) { return }
    } else if !collectHugePMDv68(process: process, vma: vma, start: start, end: end) {
      return
    }
    // The split THP is looked at again: an anon one is mapped by PTEs now, while a file or
    // shmem one's PMD was cleared, so its range is a hole (pmd_none → migrate_vma_collect_hole).
    collectTable(process: process, vma: vma, start: start, end: end, faultFolio: faultFolio)
  }

  /// A PMD that is a page table: the PTE loop, or `migrate_vma_collect_hole()` when no PTE of
  /// `[start, end)` is populated (an empty table counts as `pmd_none`).
  private mutating func collectTable(process: Int, vma: VMA, start: UInt64, end: UInt64, faultFolio: PFN?) {
    let hasPTEs = (0..<Int((end - start) >> 12)).contains {
      machine.processes[process].ptes[(start >> 12) + UInt64($0)] != nil
    }
    if hasPTEs {
      collectPTEs(process: process, vma: vma, start: start, end: end, faultFolio: faultFolio)
    } else {
      collectHole(vma: vma, start: start, end: end)
    }
  }

  /// Appends one entry (`dst[npages] = 0; src[npages++] = value`).
  mutating func append(_ value: UInt64) -> Int {
    let slot = npages
    setSrc(slot, value)
    setDst(slot, 0)
    setCounters(npages: slot + 1)
    return slot
  }

  /// `migrate_vma_collect_skip()`: `src = 0` for every page of `[start, end)`. The step is shown
  /// at the caller's line when `function`/`label` name it (the reason lives there).
  mutating func collectSkip(start: UInt64, end: UInt64, why: String, function: String = "migrate_vma_collect_skip",
                            label: String = "skip", failed: Bool = false) {
    guard start < end else { return }
    let first = npages
    for _ in 0..<Int((end - start) >> 12) { _ = append(0) }
    let count = Int((end - start) >> 12)
    let slots = count == 1 ? "slot \(first)" : "slots \(first)–\(first + count - 1)"
    emit(.collect, function, label, slot: first,
         text: "\(why) migrate_vma_collect_skip() writes src = 0 for \(slots): not migrating.", failed: failed)
  }

  /// `migrate_vma_collect_hole()`: an unpopulated range (or, `hugeZero`, one the huge zero page
  /// maps). Anonymous VMAs mark each page MIGRATE so the driver can populate it; file and shmem
  /// holes are skipped.
  mutating func collectHole(vma: VMA, start: UInt64, end: UInt64, hugeZero: Bool = false) {
    let function = "migrate_vma_collect_hole"
    guard vma.isAnonymous else {
      collectSkip(start: start, end: end, why: "No page table covers this range, and the VMA is not anonymous "
        + "(\(vma.kind.rawValue)): file and shmem holes are never populated by migration.")
      return
    }
    let pmdSize = UInt64(hpagePMDNr) * pageSize
    if kernel.hasCompound, machine.calls[call].select.contains(.compound), start % pmdSize == 0, end % pmdSize == 0 {
      let slot = append(MigratePFN.migrate | MigratePFN.compound)
      setCounters(cpages: cpages + 1)
      let pages = Int((end - start) >> 12)
      let what = hugeZero ? "A PMD-aligned 2 MiB range mapping only the huge zero page"
        : pages > hpagePMDNr ? "An empty, PMD-aligned range of \(pages / hpagePMDNr) × 2 MiB that no page table covers "
          + "(the walk found an empty PUD or PGD entry and reports the whole range as one hole)"
        : "An empty, PMD-aligned 2 MiB range"
      emit(.collect, function, "compound", slot: slot, text: "\(what) with SELECT_COMPOUND: "
        + "one compound hole entry src[\(slot)] = M|C (0x12) stands for \(pages > hpagePMDNr ? "the first" : "all") 512 pages; "
        + "cpages + 1 = \(cpages).")
      for _ in 1..<pages { _ = append(0) }
      emit(.collect, "migrate_vma_collect_skip", "skip", slot: slot + 1, text: pages > hpagePMDNr
        ? "The next \(pages - 1) entries are written as 0: migrate_vma_collect_skip() covers the rest of the hole, so "
          + "nothing past its first 2 MiB is collected, and the driver will populate only that."
        : "The next 511 entries are written as 0 and reserved, so the compound entry can be split later.")
      return
    }
    var address = start
    while address < end {
      let slot = append(MigratePFN.migrate)
      setCounters(cpages: cpages + 1)
      emit(.collect, function, "hole", slot: slot, text: "Slot \(slot) (\(MigratePFN.hex(address))) has no page table "
        + "entry in an anonymous VMA: src = MIGRATE (0x2) with no pfn, a hole the driver may fill. cpages = "
        + "\(cpages).")
      address += pageSize
    }
  }
}
