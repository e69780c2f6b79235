/// A meaning check of which pages a VMA can map: a private anonymous VMA holds anonymous pages
/// only, a shared anonymous one (shmem) shmem pages only, a file VMA no anonymous THP mapped by a
/// PMD, and a mapped shmem folio is never in the swap cache. Other states are ones the kernel never produces; the run would show what
/// follows from them, so they are warnings.
extension ValidationRun {
  func checkVMAsMapTheirKindOfPage() {
    for (p, process) in scenario.processes.enumerated() {
      for (v, vma) in process.vmas.enumerated() {
        for (m, mapping) in vma.mappings.enumerated() {
          guard let pfn = mapping.pfn, let index = folios.folio(containing: pfn),
                [.present, .devicePrivate, .hugePMD, .devicePrivatePMD].contains(mapping.entry) else { continue }
          let folio = scenario.folios[index]
          let path = "processes[\(p)].vmas[\(v)].map[\(m)].pfn"
          if let problem = mismatch(folio.backing, device: mapping.entry == .devicePrivate || mapping.entry == .devicePrivatePMD,
                                    pmd: mapping.entry == .hugePMD || mapping.entry == .devicePrivatePMD, in: vma.kind) {
            warning(path, "\(hex(folio.pfn)) is \(problem)")
          } else if folio.backing == .shmem && folio.swapcache {
            warning(path, "\(hex(folio.pfn)) is a mapped shmem folio in the swap cache: shmem writes out only unmapped "
              + "folios, and swap-in takes a folio out of the swap cache")
          }
        }
      }
    }
  }

  /// Why a folio of `backing` cannot be mapped (by a PMD when `pmd`) in a VMA of `kind`, if it
  /// cannot.
  private func mismatch(_ backing: FolioBacking, device: Bool, pmd: Bool, in kind: VMAKind) -> String? {
    switch (kind, backing) {
    case (.file, .anon) where pmd:
      "an anon THP mapped by a PMD in a file VMA: a private file mapping gets its anonymous pages one by one from "
        + "copy-on-write faults, khugepaged collapses only the file's own pages there, and migration inserts a THP only "
        + "into a hole of an anonymous VMA"
    case (.anonPrivate, .file), (.anonPrivate, .shmem):
      "a \(backing.rawValue) folio in a private anonymous VMA, which holds only anonymous pages (and the zero page)"
    case (.sharedAnon, _) where device:
      "a device-private page in a shared anonymous VMA: shmem pages never go to device-private memory"
    case (.sharedAnon, .anon), (.sharedAnon, .file):
      "a\(backing == .anon ? "n anon" : " file") folio in a shared anonymous VMA (MAP_SHARED|MAP_ANONYMOUS), whose "
        + "pages are shmem folios"
    default: nil
    }
  }
}
