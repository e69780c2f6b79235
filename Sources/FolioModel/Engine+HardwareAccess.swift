extension Engine {
  /// An access through a present PTE or huge PMD that the entry allows: no fault, no kernel
  /// code. On x86-64 the MMU's page walk sets the entry's accessed bit (young) and, on a store,
  /// its dirty bit; soft-dirty is a software bit it never sets (only `pte_mkdirty()` does). An
  /// entry that already has those bits records no change.
  mutating func hardwareAccess(process: Int, address: UInt64, bits: PresentBits, write: Bool, huge: Bool,
                               access: String) {
    var after = bits
    after.young = true
    if write { after.dirty = true }
    let set = [(after.young != bits.young, "accessed"), (after.dirty != bits.dirty, "dirty")].filter(\.0).map(\.1)
    if huge { setPMD(process, address, .huge(after)) } else { setPTE(process, address, .present(after)) }
    let entry = huge ? "the PMD maps the THP \(MigratePFN.hex(bits.pfn))" : "the PTE is present"
    let what = set.isEmpty
      ? "the entry is already young\(write ? " and dirty" : ""), so the MMU changes nothing"
      : "the MMU sets the \(set.joined(separator: " and ")) bit\(set.count == 1 ? "" : "s"): "
        + "\(Self.bitNames(bits)) → \(Self.bitNames(after))"
        + (write && !after.softDirty ? " (soft-dirty is a software bit: the MMU leaves it clear)" : "")
    emit(.fault, "handle_mm_fault", huge ? "pmd_huge" : "present", pfn: bits.pfn, text: "\(access): \(entry), so the "
      + "access proceeds without a fault; \(what).")
  }

  /// The bits of a present entry by the trace's names, "[write dirty young]".
  private static func bitNames(_ bits: PresentBits) -> String {
    "[" + EntryDescription.bits(of: PTE.present(bits)).joined(separator: " ") + "]"
  }
}
