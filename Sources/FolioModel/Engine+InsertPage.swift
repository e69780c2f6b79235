import FolioScenario

extension Engine {
  /// D2 of `__migrate_device_pages`: a hole or zero-page entry with a destination. A compound
  /// hole with small destinations fills all 512 slots. Returns how many slots were handled.
  mutating func insertHoles(slot: Int, function: String) -> Int {
    var nr = 1
    let src = src(slot)
    if kernel.hasCompound && src & MigratePFN.compound != 0 && dst(slot) & MigratePFN.compound == 0 {
      nr = hpagePMDNr
      setSrc(slot, src & ~MigratePFN.compound)
    }
    var empty: [Int] = []
    for j in 0..<nr where slot + j < npages {
      // A small destination the driver's fallback could not fill: the kernel would read a NULL
      // page here, so the model leaves the entry without MIGRATE (see holeWithoutDestination).
      guard MigratePFN.page(dst(slot + j)) != nil else {
        empty.append(slot + j)
        continue
      }
      setSrc(slot + j, self.src(slot + j) | MigratePFN.migrate)
      migrateVMAInsertPage(slot: slot + j)
    }
    if let first = empty.first, let last = empty.last {
      holeWithoutDestination(first: first, last: last, count: empty.count)
    }
    return nr
  }

  /// Slots of a compound hole whose small destinations are 0. `__migrate_device_pages` sets
  /// MIGRATE on each and calls `migrate_vma_insert_page`, which takes `page_folio()` of the NULL
  /// page and oopses (dmirror would copy into that NULL page first). The model leaves them as
  /// collect wrote them (0, no MIGRATE), as it skips a driver's unchecked allocation elsewhere.
  private mutating func holeWithoutDestination(first: Int, last: Int, count: Int) {
    let slots = first == last ? "Slot \(first)"
      : "Slots \(first)…\(last) (\(counted(count, "entry", "entries")) without a page)"
    emit(.pages, "__migrate_device_pages", "hole_no_dst", slot: first, text: "\(slots): part of a compound hole with "
      + "small destinations, but dst is 0 (the driver's fallback ran out of pages). The kernel sets MIGRATE and calls "
      + "migrate_vma_insert_page(), which reads the folio of a NULL page and oopses; the model leaves MIGRATE clear "
      + "(src = 0) and the hole empty.", failed: true)
  }

  /// `migrate_vma_insert_page()` (spec §5.5.2): maps the destination at a hole (or over the
  /// zero page) right now, as `do_anonymous_page` would. Any failure clears MIGRATE.
  mutating func migrateVMAInsertPage(slot: Int) {
    let function = "migrate_vma_insert_page"
    let (start, processName, dstValue) = readCall { ($0.address(of: slot), $0.process, $0.dst[slot]) }
    guard let address = start, let processName, let process = machine.processIndex(named: processName),
          let vma = machine.processes[process].vma(containing: address),
          let dstPfn = MigratePFN.page(dstValue) else { return }
    // Written only when the insert aborts; the common step keeps its text as numbers.
    func at() -> String { "Slot \(slot) (\(MigratePFN.hex(address)))" }
    func abort(_ label: String, _ why: String) {
      setSrc(slot, src(slot) & ~MigratePFN.migrate)
      emit(.pages, function, label, slot: slot, pfn: dstPfn, text: "\(at()): \(why) ⇒ abort, MIGRATE cleared (src = "
        + "\(MigratePFN.hex(src(slot)))). finalize will free the unused destination.", failed: true)
    }
    guard vma.isAnonymous else { return abort("anon", "the VMA is not anonymous") }
    let dstHead = folio(dstPfn)
    if kernel.hasCompound && dstValue & MigratePFN.compound != 0 {
      return insertHugePMDPage(slot: slot, process: process, vma: vma, address: address, dst: dstHead.pfn)
    }
    var splitZero = false
    switch machine.processes[process].pmd(at: address) {
    case .table: break
    case .hugeZero where kernel.hasCompound:
      splitHugeZeroPMD(process: process, address: address)
      splitZero = true
    case .huge, .hugeZero: return abort("pmd", "the PMD is a huge leaf")
    case .migration, .devicePrivate:
      // Not a leaf (not present), so the kernel goes on and fails to map a PTE table there.
      return abort("pmd", "the PMD holds a non-present entry, so no PTE table can be mapped")
    }
    let old = machine.processes[process].pte(at: address)
    switch old {
    case .none, .zero: break
    default: return abort("pte", "the PTE is no longer empty (\(entryName(old))): a CPU fault populated it first, the race "
      + "is lost")
    }
    // mk_pte() with vm_page_prot, which on x86 and arm64 carries the accessed bit: a new
    // present entry is young, as do_anonymous_page's is (and dirty, so soft-dirty, if writable).
    let pte: PTE = dstHead.zone == .devicePrivate
      ? .devicePrivate(DevicePrivateEntry(pfn: dstPfn, write: vma.writable))
      : .present(Self.newAnonBits(pfn: dstPfn, vma: vma))
    update(dstHead.pfn) { page in
      page.mapping = .anon
      page.mapcount += 1
      page.refcount += 1
      if page.zone == .normal { page.lru = true }
    }
    update(dstPfn) { $0.anonExclusive = true }
    setPTE(process, address, pte)
    setSrc(slot, MigratePFN.migrate)
    let flags = (old.isZero ? SlotText.wasZero : 0) | (dstHead.zone == .devicePrivate ? SlotText.device : 0)
      | (vma.writable ? SlotText.writable : 0) | (splitZero ? SlotText.splitHugeZero : 0)
    emit(.pages, function, "set_pte", slot: slot, pfn: dstPfn, text: SlotText(
      kind: .holeFilled, flags: flags, counts: (Int32(folio(dstPfn).refcount), 0, 0), words: (address, 0)))
  }

  /// A fresh anon entry as `migrate_vma_insert_page` builds it: young from `vm_page_prot`, and
  /// with VM_WRITE `pte_mkwrite(pte_mkdirty())`; never uffd-wp.
  static func newAnonBits(pfn: PFN, vma: VMA) -> PresentBits {
    var bits = PresentBits(pfn: pfn, write: vma.writable, young: true)
    if vma.writable { bits.mkdirty() }
    return bits
  }

  /// v7.0: `split_huge_pmd` of a huge zero PMD into 512 zero-page PTEs before inserting.
  private mutating func splitHugeZeroPMD(process: Int, address: UInt64) {
    let base = address & ~(UInt64(hpagePMDNr) * pageSize - 1)
    for k in 0..<hpagePMDNr { setPTE(process, base + UInt64(k) * pageSize, .zero()) }
    setPMD(process, base, .table)
  }

  /// `migrate_vma_insert_huge_pmd_page()` (v7.0): a compound hole gets a whole device THP at PMD
  /// level. On abort every slot of the range loses MIGRATE (src[i] becomes C only, 0x10).
  private mutating func insertHugePMDPage(slot: Int, process: Int, vma: VMA, address: UInt64, dst: PFN) {
    let function = "migrate_vma_insert_huge_pmd_page"
    let hasPTEs = (0..<hpagePMDNr).contains { machine.processes[process].ptes[(address >> 12) + UInt64($0)] != nil }
    let pmd = machine.processes[process].pmd(at: address)
    guard !hasPTEs, pmd == .table || pmd == .hugeZero else {
      for k in 0..<hpagePMDNr where slot + k < npages {
        setSrc(slot + k, src(slot + k) & ~MigratePFN.migrate)
      }
      emit(.pages, function, "abort", slot: slot, pfn: dst, text: "Slot \(slot): the PMD is no longer empty ⇒ abort; MIGRATE "
        + "is cleared in all 512 entries (src = \(MigratePFN.hex(src(slot)))).", failed: true)
      return
    }
    let entry: PMD = folio(dst).zone == .devicePrivate
      ? .devicePrivate(DevicePrivateEntry(pfn: dst, write: vma.writable))
      : .huge(Self.newAnonBits(pfn: dst, vma: vma))
    update(dst) { page in
      page.mapping = .anon
      page.mapcount += 1
      page.refcount += 1
      // folio_add_lru_vma(), for a destination outside ZONE_DEVICE.
      if page.zone == .normal { page.lru = true }
    }
    update(dst) { $0.anonExclusive = true }  // the head alone, as for every PMD-level anon rmap
    setPMD(process, address, entry)
    let replaced = pmd == .hugeZero ? " It replaces the huge zero PMD: the new page table is freed, pmdp_invalidate() "
      + "flushes the old entry, then set_pmd_at()." : ""
    emit(.pages, function, "set_pmd", slot: slot, pfn: dst, text: "Slot \(slot): the compound hole gets the whole order-9 "
      + "destination \(MigratePFN.hex(dst)) at PMD level now (MM_ANONPAGES += 512, exclusive anon rmap, refcount "
      + "\(folio(dst).refcount)); src stays M|C (0x12).\(replaced)")
  }
}
