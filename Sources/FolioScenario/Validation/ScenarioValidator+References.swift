/// A meaning check across folios and page tables: every listed folio starts with at least one
/// reference. The initial refcount is derived from the mappings, the page or swap cache,
/// `extra_refs` and `pins` (docs/scenario-format.md, "How the initial state is derived"); a
/// folio with none of them would start at refcount 0, which the kernel reads as a free page,
/// and the first `folio_get` on it would break the run's invariants.
extension ValidationRun {
  /// Mapping kinds that hold a reference on the folio they name (a migration entry does not).
  private static let referencingEntries: Set<MappingEntryKind> = [
    .present, .devicePrivate, .deviceExclusive, .hugePMD, .devicePrivatePMD,
  ]

  func checkFoliosAreReferenced() {
    var mapped: Set<Int> = []
    for process in scenario.processes {
      for vma in process.vmas {
        for mapping in vma.mappings where Self.referencingEntries.contains(mapping.entry) {
          if let pfn = mapping.pfn, let folio = folios.folio(containing: pfn) { mapped.insert(folio) }
        }
      }
    }
    for (index, folio) in scenario.folios.enumerated()
    where folios.folio(containing: folio.pfn) == index && !overlappingFolios.contains(index) {
      let cached = folio.swapcache || folio.backing != .anon
      guard !cached, folio.extraRefs == 0, folio.pins == 0, !folio.isolated, !mapped.contains(index) else { continue }
      error("folios[\(index)]", "nothing holds a reference to the folio at \(hex(folio.pfn)) (no mapping, page or swap "
        + "cache, extra_refs or pins), so the kernel would see it as free; give it extra_refs: 1 for a page the "
        + "driver holds, or leave it out")
    }
  }
}
