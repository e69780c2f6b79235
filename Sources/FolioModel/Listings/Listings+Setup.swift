extension Listings {
  /// `migrate_vma_setup()`: the argument checks, then collect and unmap (spec §5.1).
  static let setup: [Listing] = [
    Listing(function: "migrate_vma_setup", [
      ("entry", "migrate_vma_setup(args):  # vma, start, end, src, dst, flags"),
      ("", "  nr_pages = (args.end - args.start) >> PAGE_SHIFT"),
      ("", "  args.start &= PAGE_MASK; args.end &= PAGE_MASK"),
      ("vma", "  if vma NULL, hugetlb, VM_SPECIAL or DAX: return -EINVAL"),
      ("", "  # VM_SPECIAL = VM_IO | VM_DONTEXPAND | VM_PFNMAP | VM_MIXEDMAP"),
      ("nr_pages", "  if nr_pages <= 0: return -EINVAL"),
      ("range", "  if start or end lies outside the VMA: return -EINVAL"),
      ("arrays", "  if src or dst is NULL: return -EINVAL"),
      ("fault_page", "  if fault_page is not device-private: return -EINVAL"),
      ("fault_locked", "  if fault_page is not locked: return -EINVAL  # >=6.15"),
      ("", "  # v6.8: no lock check; do_swap_page did not lock it yet"),
      ("", "  # note: VM_READ is not checked (PROT_NONE is up to the driver)"),
      ("zero", "  clear src[0 .. nr_pages); cpages = npages = 0"),
      ("", "  migrate_vma_collect(args)  # walk the page tables"),
      ("unmap", "  if cpages > 0: migrate_vma_unmap(args)"),
      ("", "  # unmap: cpages = migrate_device_unmap(src, npages, fault_page)"),
      ("return", "  return 0  # even if nothing was collected: read src[], cpages"),
    ]),
  ]
}
