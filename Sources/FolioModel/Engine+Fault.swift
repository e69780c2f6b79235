import FolioScenario

extension Engine {
  /// A CPU load or store by `thread` at `address` of `process`: what the fault handler does with
  /// the entry it finds (spec §3). May run a nested `migrate_to_ram` or leave the thread waiting.
  /// `retried`: the access is made again, after a fault returned or a wait ended.
  mutating func cpuAccess(thread: String, process name: String, address: UInt64, write: Bool, driver: DriverSpec,
                          retried: Bool = false) {
    guard let process = machine.processIndex(named: name) else { return }
    let access = retried ? "\(thread) retries its \(write ? "write" : "read") of \(MigratePFN.hex(address))"
      : "\(thread), a thread of \(name), \(write ? "writes" : "reads") \(MigratePFN.hex(address))"
    guard let vma = machine.processes[process].vma(containing: address) else {
      emit(.fault, "handle_mm_fault", "novma", text: "\(access): no VMA of \(name) covers the address, so the "
        + "architecture's fault handler finds none (lock_mm_and_find_vma) and never calls handle_mm_fault(): "
        + "SIGSEGV. Nothing changes.")
      return
    }
    let page = address & ~(pageSize - 1)
    // The architecture's access check (x86 access_error) runs before handle_mm_fault.
    if write ? !vma.writable : !(vma.readable || vma.writable) {
      emit(.fault, "handle_mm_fault", "sigsegv", text: "\(access): the VMA is "
        + (write ? "not writable" : "PROT_NONE") + ", so the fault handler refuses the access before looking at any "
        + "entry: SIGSEGV. Nothing changes.")
      return
    }
    guard handlePMDLeaf(machine.processes[process].pmd(at: page), thread: thread, process: process, address: page,
                        write: write, driver: driver, access: access) else { return }
    let pte = machine.processes[process].pte(at: page)
    switch pte {
    case .zero where !write:
      emit(.fault, "handle_mm_fault", "read", text: "\(access): the zero page is mapped; a read needs no fault.")
    case .zero(let bits) where bits.uffdWp:
      // do_wp_page() asks userfaultfd before it would copy the zero page (userfaultfd_pte_wp).
      emit(.fault, "do_wp_page", "uffd_wp", text: "\(access): the zero page is mapped uffd-wp, so do_wp_page() hands "
        + "the write fault to userfaultfd (handle_userfault) and the thread sleeps until the monitor resolves it; this "
        + "model has no userfaultfd monitor, so nothing changes here.")
    case .none, .zero:
      guard vma.isAnonymous else {
        return outsideModel(access, "do_fault", "the PTE is \(entryName(pte)) in a \(vma.kind == .file ? "file" : "shmem") "
          + "VMA, so do_fault() would read the page from the page cache (do_read_fault, do_cow_fault or do_shared_fault)")
      }
      doAnonymousPage(process: process, vma: vma, address: page, write: write, access: access, replacingZero: pte.isZero)
    case .present(let bits):
      guard write && !bits.write else {
        return hardwareAccess(process: process, address: page, bits: bits, write: write, huge: false, access: access)
      }
      guard !bits.uffdWp else {
        emit(.fault, "do_wp_page", "uffd_wp", pfn: bits.pfn, text: "\(access): the PTE is read-only and uffd-wp, so "
          + "do_wp_page() hands the fault to userfaultfd (handle_userfault) and the thread sleeps until the monitor "
          + "resolves it; this model has no userfaultfd monitor, so nothing changes here.")
        return
      }
      guard folio(bits.pfn).mapping == .anon else {
        return outsideModel(access, "do_wp_page", "the PTE maps a read-only \(folio(bits.pfn).mapping.rawValue) page, so "
          + "do_wp_page() would copy it (MAP_PRIVATE) or make it writable in place (MAP_SHARED)", pfn: bits.pfn)
      }
      doWPPage(process: process, address: page, bits: bits, access: access)
    case .migration(let entry):
      waitOnMigrationEntry(entry, thread: thread, process: name, address: address, write: write, access: access,
                           huge: false)
    case .devicePrivate(let entry):
      faultDevicePrivate(thread: thread, process: process, address: page, pfn: entry.pfn, write: write, driver: driver,
                         access: access, huge: false)
    case .deviceExclusive(let pfn):
      removeDeviceExclusiveEntry(thread: thread, process: process, vma: vma, address: page, pfn: pfn, write: write,
                                 driver: driver, access: access)
    case .swap:
      emit(.fault, "do_swap_page", "other", text: "\(access): the PTE is \(entryName(pte)); swap-in is outside this "
        + "model, so nothing changes here.")
    }
  }

  /// What `__handle_mm_fault` does when the PMD itself is a leaf: a THP mapping, a migration
  /// entry or a device-private entry. Returns true when the PMD points to a PTE table (or is
  /// none) and the fault goes on at the PTE.
  private mutating func handlePMDLeaf(_ pmd: PMD, thread: String, process: Int, address: UInt64, write: Bool,
                                      driver: DriverSpec, access: String) -> Bool {
    switch pmd {
    case .table:
      return true
    case .devicePrivate(let entry):
      faultDevicePrivate(thread: thread, process: process, address: address, pfn: entry.pfn, write: write,
                         driver: driver, access: access, huge: true)
    case .migration(let entry):
      waitOnMigrationEntry(entry, thread: thread, process: machine.processes[process].name, address: address,
                           write: write, access: access, huge: true)
    case .huge(let bits) where write && !bits.write:
      outsideModel(access, "pmd_wp", "the PMD maps the THP \(MigratePFN.hex(bits.pfn)) read-only, so "
        + "do_huge_pmd_wp_page() would reuse it or split the PMD and copy on write", pfn: bits.pfn,
                   missing: "this model does not simulate THP write faults")
    case .huge(let bits):
      hardwareAccess(process: process, address: address, bits: bits, write: write, huge: true, access: access)
    case .hugeZero where write:
      outsideModel(access, "pmd_wp", "the PMD maps the huge zero page, so do_huge_pmd_wp_page() would "
        + (kernel == .v6_8 ? "split it and fault a page in at the PTE"
           : "allocate a THP and map it in its place (do_huge_zero_wp_pmd; split only if that allocation fails)"),
        missing: "this model does not simulate THP write faults")
    case .hugeZero:
      emit(.fault, "handle_mm_fault", "pmd_huge", text: "\(access): the PMD maps the huge zero page; a read needs no "
        + "fault.")
    }
    return false
  }

  /// `migration_entry_wait()` (or `pmd_migration_entry_wait()` for a PMD): the thread sleeps
  /// on the folio's lock and retries its access when migration unlocks it.
  private mutating func waitOnMigrationEntry(_ entry: MigrationEntry, thread: String, process: String, address: UInt64,
                                            write: Bool, access: String, huge: Bool) {
    let head = folio(entry.pfn).pfn
    waitOnFolio(head, site: huge ? .pmdMigrationEntry : .migrationEntry, thread: thread, process: process,
                address: address, write: write, label: "wait", text: "\(access): the "
      + (huge ? "PMD is a migration entry. __handle_mm_fault() → pmd_migration_entry_wait()"
        : "PTE is a migration entry. do_swap_page() → migration_entry_wait()")
      + ": \(thread) drops the \(huge ? "PMD" : "page-table") lock and sleeps on PG_locked of \(huge ? "the THP " : "")"
      + "\(MigratePFN.hex(head)); when the migration unlocks it, the fault is retried.")
  }

  /// A fault whose path this model does not simulate (file and shmem faults: the model has no
  /// page cache): one step says so, at listing line `label`, and nothing changes.
  private mutating func outsideModel(_ access: String, _ label: String, _ what: String, pfn: PFN? = nil,
                                     missing: String = "this model has no page cache") {
    emit(.fault, "handle_mm_fault", label, pfn: pfn, text: "\(access): \(what); \(missing), so nothing changes here.")
  }

  /// `do_anonymous_page()`: a new zeroed page (or the zero page on a read) fills a hole.
  private mutating func doAnonymousPage(process: Int, vma: VMA, address: UInt64, write: Bool, access: String,
                                        replacingZero: Bool) {
    guard write else {
      setPTE(process, address, .zero())
      emit(.fault, "do_anonymous_page", "zero", text: "\(access): a read of a hole maps the shared zero page, read-only.")
      return
    }
    guard let pfn = newAnonPage(copying: nil, access: access) else { return }
    setPTE(process, address, .present(Self.newAnonBits(pfn: pfn, vma: vma)))
    emit(.fault, replacingZero ? "do_wp_page" : "do_anonymous_page", "new_page", pfn: pfn, text: "\(access): "
      + (replacingZero ? "a write to the zero page: do_wp_page() → wp_page_copy() copies nothing from it and"
         : "the PTE is empty, so do_anonymous_page()")
      + " allocates a zeroed page \(MigratePFN.hex(pfn)) and maps it writable (refcount 1, mapcount 1).")
  }

  /// A new exclusive anon page for a fault (`alloc_anon_folio` + `folio_add_new_anon_rmap`)
  /// holding a copy of `source` (zero-filled without one): unlocked, on the LRU, mapped once.
  /// Not PG_dirty: neither path marks the folio dirty, only its PTE (`pte_mkdirty`), which
  /// collect or `try_to_migrate_one` moves to the folio later. Without free memory the fault
  /// fails with VM_FAULT_OOM (a step says so) and nil is returned.
  mutating func newAnonPage(copying source: PFN?, access: String) -> PFN? {
    guard let region = machine.regions.first, let pfn = findFree(in: region, order: 0) else {
      emit(.fault, "handle_mm_fault", "oom", text: "\(access): no free system page is left, so the fault fails with "
        + "VM_FAULT_OOM and nothing changes.", failed: true)
      return nil
    }
    allocateFolio(at: pfn, order: 0, copying: source)
    update(pfn) { page in
      page.lockedBy = nil
      page.mapping = .anon
      page.mapcount = 1
      page.lru = true
      page.anonExclusive = true
    }
    return pfn
  }
}
