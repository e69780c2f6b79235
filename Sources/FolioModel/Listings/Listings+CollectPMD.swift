extension Listings {
  /// `migrate_vma_collect_pmd()`: the PMD part and the PTE loop, with the v6.8 PMD split and
  /// the P1–P12 rows of spec §5.2 (candidates get a migration entry right away).
  static let collectPMD: [Listing] = [
    Listing(function: "migrate_vma_collect_pmd", [
      ("", "migrate_vma_collect_pmd(pmd, start, end):"),
      ("", "again:  # >=6.19: PMD not a table: collect_huge_pmd; the"),
      ("", "  #   PTE loop only on -ENOENT, -EAGAIN: goto again"),
      ("", "  # v6.8: if pmd is none: return collect_hole(start, end)"),
      ("split_zero", "  # v6.8: huge zero PMD: split_huge_pmd (512 zero PTEs)"),
      ("split", "  # v6.8: THP: trylock, split_huge_page; fails: skip all"),
      ("", "  lock the PTE table (gone meanwhile: goto again)"),
      ("", "  for each addr in [start, end):"),
      ("pte_none", "    if pte_none: anon VMA: src = M, cpages++; else 0; next"),
      ("", "    if not present:"),
      ("nonpresent", "      if not a device-private entry: src = 0; next"),
      ("devpriv_skip", "      if not selected or another owner: src = 0; next"),
      ("", "      # >=6.19: large: split_folio, goto again (fails: skip rest)"),
      ("", "      src = pfn | V | M, plus W if the entry is writable"),
      ("", "    else:"),
      ("zero", "      if zero pfn and SELECT_SYSTEM: src = M; cpages++; next"),
      ("normal_page", "      page = vm_normal_page()  # NULL for the zero page"),
      ("select_system", "      if system page, no SELECT_SYSTEM: src = 0; next"),
      ("select_coherent", "      if coherent, unselected or not ours: src = 0; next"),
      ("", "      # >=6.19: large: split_folio, goto again (fails: skip rest)"),
      ("", "      src = pfn | V | M, plus W if pte_write"),
      ("no_mapping", "    if page == NULL or page.mapping == NULL: src = 0; next"),
      ("thp_skip", "    # v6.8: also a PTE-mapped large folio (FIXME THP): src = 0"),
      ("trylock", "    folio_get; trylock fails: put, src=0"),
      ("", "      # >=6.15: the fault folio, locked already, is not tried"),
      ("", "    anon-exclusive: clear+flush PTE; try to share the rmap;"),
      ("share", "      fails (pinned): put the PTE back, unlock, put, src = 0"),
      ("migration_entry", "    cpages++; PTE = migration entry (W / R_EXCL / R, A/D)"),
      ("", "    folio_remove_rmap_pte (mapcount - 1); folio_put"),
      ("", "  flush the TLB if a present PTE was cleared; unlock"),
    ]),
  ]
}
