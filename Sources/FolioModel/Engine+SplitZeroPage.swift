import FolioScenario

extension Engine {
  /// `remap_page()` with `TTU_USE_SHARED_ZEROPAGE` (v6.12+), which `__folio_split` passes only
  /// after a successful split of an anon folio that is not device-private: for each of its
  /// PTEs, `remove_migration_pte` → `try_to_map_unused_to_zeropage` maps an order-0 piece whose
  /// page is identical to the zero page by the shared zero page instead of restoring it. The new
  /// special PTE keeps the migration entry's soft-dirty and uffd-wp bits (in v7.0); no rmap is
  /// added and no reference taken, so the piece, unmapped, is freed when the split puts it.
  /// The model has no hwpoison, mlock, VM_LOCKED or `mm_forbids_zeropage()` (s390 KVM), which
  /// the kernel also excludes, and splits to order 0 only (a compound piece is excluded).
  /// Call it once the anon folio's entries are PTEs with their round-trip bits; returns the
  /// pieces so mapped.
  mutating func mapUnusedToZeroPage(head: PFN) -> [PFN] {
    let original = folio(head)
    guard kernel.remapsZeroPagesOnSplit, original.mapping == .anon, original.zone != .devicePrivate else { return [] }
    var pieces: [PFN] = []
    for location in entries(of: head) where !location.isPMD {
      guard case .present(let bits) = pte(at: location), frame(bits.pfn).content == 0 else { continue }
      // The migration entry unmap_folio() made carried the PTE's soft-dirty and uffd-wp bits.
      setPTE(location.process, location.address, .zero(ZeroPageBits(softDirty: bits.softDirty, uffdWp: bits.uffdWp)))
      // PageAnonExclusive went into the migration entry and is not restored.
      update(bits.pfn) { $0.anonExclusive = false }
      if !pieces.contains(bits.pfn) { pieces.append(bits.pfn) }
    }
    return pieces.sorted()
  }

  /// The sentence a split step adds for the pieces `mapUnusedToZeroPage` mapped ("" for none),
  /// read once the split has put them.
  func zeroPagesMappedBySplit(_ pieces: [PFN]) -> String {
    guard let first = pieces.first else { return "" }
    let held = pieces.filter { !frame($0).free }.count
    let subject = pieces.count == 1 ? "Its zero-filled piece \(MigratePFN.hex(first)) is"
      : "Its \(pieces.count) zero-filled pieces are"
    let fate = held == 0 ? "freed" : held == pieces.count ? "left to the swap cache, which still holds a reference"
      : "freed, except \(held) the swap cache still holds"
    return " \(subject) mapped by the shared zero page instead (remap_page() → try_to_map_unused_to_zeropage(): a "
      + "special zero-page PTE keeping the migration entry's soft-dirty and uffd-wp bits, no rmap, no reference) and "
      + "\(fate)."
  }
}
