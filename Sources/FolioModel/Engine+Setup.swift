import FolioScenario

/// -EINVAL, as `migrate_vma_setup` returns it.
let einval = -22

extension Engine {
  /// `migrate_vma_setup()`: the argument checks of spec §5.1, then collect and, if anything was
  /// collected, unmap. Returns 0 or -EINVAL. `fromFaultHandler`: called by the model's own
  /// do_swap_page, which holds the fault page's reference.
  mutating func migrateVMASetup(_ args: MigrateVMACall, fromFaultHandler: Bool) -> Int {
    let function = "migrate_vma_setup"
    let processIndex = machine.processIndex(named: args.process)
    let process = processIndex.map { machine.processes[$0] }
    let vma = process?.vma(containing: args.start) ?? process?.vma(containing: args.end &- 1)
    // nr_pages comes from the range as passed; the checks and the walk use it page-aligned.
    let nrPages = args.end > args.start ? Int((args.end - args.start) >> 12) : 0
    let (start, end) = (args.start & ~(pageSize - 1), args.end & ~(pageSize - 1))
    // An unaligned start makes the kernel's walk append one entry more than nr_pages, past the
    // driver's arrays (the validator refuses such a scenario); the model's arrays have room for it.
    let walked = end > start ? Int((end - start) >> 12) : 0
    var newCall = MigrateCall(api: .migrateVMA, process: args.process, start: start, end: end, select: args.select,
                              owner: args.owner, faultPage: args.faultPage, slots: max(nrPages, walked))
    newCall.faultHandlerInModel = fromFaultHandler
    addCall(newCall)
    emit(.setup, function, "entry", text: "The driver calls migrate_vma_setup() for \(counted(nrPages, "page")) of process "
      + "\(args.process) at \(MigratePFN.hex(args.start))–\(MigratePFN.hex(args.end)), flags \(selectNames(args.select))"
      + (args.owner.map { ", pgmap_owner \($0)" } ?? "") + (args.faultPage.map { ", fault_page \(MigratePFN.hex($0))" } ?? "")
      + ". First it checks its arguments.")
    if let reason = setupRefusal(args, start: start, end: end, vma: vma, nrPages: nrPages) {
      setCounters(setupResult: einval)
      emit(.setup, function, reason.label, text: "migrate_vma_setup() returns -EINVAL: \(reason.text) "
        + "Nothing was collected and nothing changed.", failed: true)
      return einval
    }
    emit(.setup, function, "zero", text: "The arguments are valid: src[] is cleared, cpages = npages = 0, and the page-table "
      + "walk begins (each dst entry is zeroed as collect appends it).")
    guard let processIndex, let vma else { return einval }
    migrateVMACollect(process: processIndex, vma: vma)
    if cpages > 0 {
      migrateDeviceUnmap(fault: args.faultPage)
    } else {
      emit(.unmap, function, "unmap", text: "cpages is 0, so migrate_vma_unmap() is not called.")
    }
    setCounters(setupResult: 0)
    emit(.setup, function, "return", text: "migrate_vma_setup() returns 0 with cpages = \(cpages): "
      + "the driver now reads src[] to see which entries are still MIGRATE.")
    return 0
  }

  /// Why setup returns -EINVAL, if it does; `start` and `end` are the page-aligned range.
  private func setupRefusal(_ args: MigrateVMACall, start: UInt64, end: UInt64, vma: VMA?,
                            nrPages: Int) -> (label: String, text: String)? {
    guard let vma else { return ("vma", "no VMA contains the range (args->vma is NULL).") }
    if vma.special.contains(.hugetlb) { return ("vma", "the VMA is hugetlb (is_vm_hugetlb_page).") }
    if let flag = vma.special.first(where: { [.io, .pfnmap, .mixedmap, .dontexpand].contains($0) }) {
      return ("vma", "the VMA has \(flag.rawValue), one of VM_SPECIAL.")
    }
    if vma.special.contains(.dax) { return ("vma", "the VMA is DAX (vma_is_dax).") }
    // nr_pages is computed from the unsigned difference: an end below start gives a huge
    // count that passes this check; with an end inside the VMA the kernel clears src far past its end.
    if args.end < args.start {
      return ("nr_pages", "end lies below start. The kernel computes nr_pages from the unsigned difference, a huge "
        + "count; with an end inside the VMA it goes on and clears src far past its end. The model refuses the call "
        + "instead (the validator reports it as an error).")
    }
    if nrPages <= 0 { return ("nr_pages", "the range holds no whole page: nr_pages = (end − start) >> PAGE_SHIFT = 0.") }
    if start < vma.start || start >= vma.end {
      return ("range", "start \(MigratePFN.hex(start)) lies outside the VMA \(MigratePFN.hex(vma.start))–\(MigratePFN.hex(vma.end)).")
    }
    if end <= vma.start || end > vma.end {
      return ("range", "end \(MigratePFN.hex(end)) lies outside the VMA \(MigratePFN.hex(vma.start))–\(MigratePFN.hex(vma.end)).")
    }
    if args.nullSrc || args.nullDst { return ("arrays", "the \(args.nullSrc ? "src" : "dst") array is NULL.") }
    if let fault = args.faultPage {
      guard position(of: fault) != nil, frame(fault).zone == .devicePrivate else {
        return ("fault_page", "fault_page \(MigratePFN.hex(fault)) is not a device-private page.")
      }
      if kernel.faultPageArrivesLocked && !folio(fault).isLocked {
        return ("fault_locked", "fault_page \(MigratePFN.hex(fault)) is not locked (required since v6.15, "
          + "because do_swap_page trylocks it).")
      }
    }
    return nil
  }

  func selectNames(_ select: MigrateSelect) -> String {
    let names = MigrateSelect.names.filter { select.contains($0.1) }.map { "SELECT_" + $0.0.uppercased() }
    return names.isEmpty ? "0" : names.joined(separator: "|")
  }
}
