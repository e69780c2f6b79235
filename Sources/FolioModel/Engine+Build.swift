import FolioScenario

extension Engine {
  /// Lays out memory, creates the scenario's folios and page tables, and derives the starting
  /// refcounts as docs/scenario-format.md describes: the machine of step 0 (nothing is recorded).
  mutating func buildInitialMachine() {
    log.isRecording = false
    defer { log.isRecording = true }
    let memory = scenario.memory
    var regions = [MemoryRegion(name: "System RAM", zone: .normal, range: memory.system)]
    for device in memory.devices {
      let zone: Zone = device.type == .devicePrivate ? .devicePrivate : .deviceCoherent
      regions.append(MemoryRegion(name: device.name, zone: zone, range: device.range))
    }
    let processes = scenario.processes.map { ProcessState(name: $0.name, vmas: $0.vmas.map(VMA.init)) }
    machine = Machine(kernel: kernel, regions: regions, zeroPfn: memory.zeroPfn, processes: processes)
    frameIndex = machine.frames.index
    rmap = ReverseMap(frames: machine.frames.count)
    expectedContent = ContentLedger(frames: machine.frames.count)
    for spec in scenario.folios { createFolio(spec) }
    // How many mappings name each page (by frame position; 2 means "more than one").
    var mappings = [UInt8](repeating: 0, count: machine.frames.count)
    for (p, process) in scenario.processes.enumerated() {
      for vma in process.vmas {
        for mapping in vma.mappings { install(mapping, in: vma, process: p, counting: &mappings) }
      }
    }
    shareLargeFoliosMappedTwoWays(&mappings)
    markExclusivePages(mappings)
  }

  private mutating func createFolio(_ spec: FolioSpec) {
    let base = spec.content ?? (spec.pfn << 16)
    // The swap cache's reference, or else a file's or shmem's page cache's.
    let caches = spec.swapcache || spec.backing != .anon ? 1 : 0
    for k in 0..<spec.pageCount {
      update(spec.pfn + UInt64(k)) { page in
        page.head = spec.pfn
        page.order = spec.order
        page.free = false
        page.content = base + UInt64(k)
        guard k == 0 else { return }
        // Whoever isolated the folio holds the reference isolation took.
        page.refcount = caches * spec.pageCount + spec.extraRefs + spec.pinReferences + (spec.isolated ? 1 : 0)
        page.pins = spec.pins
        page.lru = page.zone == .normal && !spec.isolated
        page.dirty = spec.dirty
        page.swapcache = spec.swapcache
        page.mapping = spec.backing == .anon ? .anon : (spec.backing == .file ? .file : .shmem)
        page.lockedBy = spec.lockedByOther ? .otherThread : nil
      }
    }
  }

  /// Installs one mapping of the scenario, counting in `mappings` the pages it maps.
  private mutating func install(_ mapping: MappingSpec, in vma: VMASpec, process: Int, counting mappings: inout [UInt8]) {
    let address = vma.start + UInt64(mapping.page) * pageSize
    let pfn = mapping.pfn ?? 0
    let bits = PresentBits(pfn: pfn, write: mapping.write, dirty: mapping.dirty, young: mapping.young,
                           softDirty: mapping.softDirty, uffdWp: mapping.uffdWp)
    let device = DevicePrivateEntry(pfn: pfn, write: mapping.write, softDirty: mapping.softDirty, uffdWp: mapping.uffdWp)
    switch mapping.entry {
    case .present: setPTE(process, address, .present(bits))
    case .zero: setPTE(process, address, .zero(ZeroPageBits(softDirty: mapping.softDirty, uffdWp: mapping.uffdWp)))
    case .swap: setPTE(process, address, .swap(offset: UInt64(mapping.page)))
    case .devicePrivate: setPTE(process, address, .devicePrivate(device))
    case .deviceExclusive: setPTE(process, address, .deviceExclusive(pfn: pfn))
    case .migration:
      setPTE(process, address, .migration(MigrationEntry(pfn: pfn, kind: mapping.write ? .write : .read)))
    case .hugePMD: setPMD(process, address, .huge(bits))
    case .hugeZeroPMD: setPMD(process, address, .hugeZero)
    case .devicePrivatePMD: setPMD(process, address, .devicePrivate(device))
    }
    // Present and device-private mappings each hold a reference and a mapcount; a
    // device-exclusive entry holds a reference, and from v6.15 a mapcount too; the foreign
    // migration entry names a folio but is no mapping.
    switch mapping.entry {
    case .present, .devicePrivate, .hugePMD, .devicePrivatePMD: guard position(of: pfn) != nil else { return }
    case .deviceExclusive:
      guard let position = position(of: pfn) else { return }
      guard kernel.deviceExclusiveIsMapped else {
        // v6.8's page_make_device_exclusive_one() drops the mapcount but leaves PageAnonExclusive
        // as the GUP write fault made it, which restore_exclusive_pte() relies on.
        mappings[position] = min(2, mappings[position] + 1)
        return update(folio(pfn).pfn) { $0.refcount += 1 }
      }
    case .zero, .swap, .migration, .hugeZeroPMD: return
    }
    let head = folio(pfn)
    update(head.pfn) { head in
      head.refcount += 1
      head.mapcount += 1
    }
    let isPMD = mapping.entry == .hugePMD || mapping.entry == .devicePrivatePMD
    // A PMD mapping makes only the head PageAnonExclusive (folio_add_new_anon_rmap() at PMD
    // level), so its tails count as mapped more than once: they never start exclusive.
    for page in isPMD ? head.pfn..<(head.pfn + UInt64(head.pageCount)) : pfn..<(pfn + 1) {
      guard let position = position(of: page) else { continue }
      mappings[position] = isPMD && page != head.pfn ? 2 : min(2, mappings[position] + 1)
    }
  }

  /// A large folio mapped by a PMD and also by a PTE was shared at fork (fork's rmap duplication
  /// clears PageAnonExclusive on every page), so its head, which the PMD alone counts, is shared.
  private mutating func shareLargeFoliosMappedTwoWays(_ mappings: inout [UInt8]) {
    for process in machine.processes {
      for (_, pmd) in process.pmds where pmd.isMapping {
        guard let pfn = pmd.pfn, let position = position(of: folio(pfn).pfn) else { continue }
        // The reverse map names every entry of the folio, PMDs and PTEs alike.
        if entries(of: folio(pfn).pfn).contains(where: { !$0.isPMD && pte(at: $0)?.isMapping == true }) {
          mappings[position] = 2
        }
      }
    }
  }

  /// An anon page mapped exactly once starts PageAnonExclusive; one shared after fork does not.
  private mutating func markExclusivePages(_ mappings: [UInt8]) {
    for (position, count) in mappings.enumerated() where count == 1 {
      let pfn = frameIndex.pfn(at: position)
      if folio(pfn).mapping == .anon { update(pfn) { $0.anonExclusive = true } }
    }
  }

  func startText() -> String {
    let mapped = machine.processes.reduce(0) { $0 + $1.ptes.count + $1.pmds.count }
    return "\(scenario.title(under: kernel)). The machine starts with \(counted(scenario.folios.count, "folio")) and "
      + "\(counted(mapped, "page-table entry", "page-table entries")) in "
      + "\(counted(machine.processes.count, "process", "processes")); kernel \(kernel.rawValue)."
      + versionCaveats()
  }

  /// What this scenario asks for that the chosen kernel does not have (v6.8 predates the THP
  /// series), said once at the start rather than silently ignored.
  private func versionCaveats() -> String {
    guard !kernel.hasCompound else { return "" }
    var notes: [String] = []
    let compound = scenario.calls.contains {
      if case .migrateVMA(let call) = $0 { call.select.contains(.compound) } else { false }
    }
    if compound { notes.append("MIGRATE_VMA_SELECT_COMPOUND does not exist in v6.8; the flag is ignored") }
    if machine.processes.contains(where: { $0.pmds.values.contains { if case .devicePrivate = $0 { true } else { false } } }) {
      notes.append("device-private PMDs only exist from v6.19, so v6.8 never meets one in practice")
    }
    let pfns = scenario.calls.contains { if case .migrateDevicePfns = $0 { true } else { false } }
    if pfns && !kernel.hasMigrateDevicePfns {
      notes.append("migrate_device_pfns came with v6.15; its pfns are shown going through v6.8's migrate_device_range "
        + "loop, which a v6.8 driver could only call over a contiguous range")
    }
    return notes.isEmpty ? "" : " Note: " + notes.joined(separator: "; ") + "."
  }

  func doneText() -> String {
    let summaries = machine.calls.enumerated().map { index, call in
      // An entry that kept MIGRATE through finalize, with a destination, migrated (a driver that
      // gives up finalizes without migrate_*_pages, so MIGRATE alone says nothing): a COMPOUND
      // one, as many pages as its destination folio has (a PMD's worth for migrate_vma).
      let migrated = callsWithoutPages.contains(index) ? 0 : zip(call.src, call.dst).reduce(0) { sum, entry in
        guard entry.0 & MigratePFN.migrate != 0, MigratePFN.page(entry.1) != nil else { return sum }
        guard entry.0 & MigratePFN.compound != 0 else { return sum + 1 }
        return sum + (MigratePFN.page(entry.1).map { folio($0).pageCount } ?? hpagePMDNr)
      }
      // v6.8's coherent function took a page.
      let api = call.api.name(in: kernel)
      let name = "call \(index + 1) (\(api))"
      if let result = call.setupResult, result != 0 { return "\(name): migrate_vma_setup() returned \(result), nothing collected" }
      // A compound entry of migrate_device_pfns stands for more pages than the array has entries.
      let count = migrated > call.src.count ? "\(migrated) pages migrated through \(counted(call.src.count, "entry", "entries"))"
        : "\(migrated) of \(counted(call.src.count, "page")) migrated"
      return "\(name): \(count)"
        + (migrated > 1 ? " (their src entries kept MIGRATE)" : migrated == 1 ? " (its src entry kept MIGRATE)" : "")
    }
    return "Done. " + (summaries.isEmpty ? "No migration call was made." : summaries.joined(separator: "; ") + ".")
      + waitingText()
  }

  /// The threads the run ends with still waiting on a folio lock, each with where it waits.
  private func waitingText() -> String {
    let waiting = machine.waiters.map { waiter in
      "\(waiter.thread) is still \(waiter.site.refaults ? "refaulting" : "asleep") in \(waiter.site.function)() until "
        + "\(MigratePFN.hex(waiter.folio)) is unlocked" + (waiter.site.holdsReference ? ", holding a reference of it" : "")
    }
    return waiting.isEmpty ? "" : " " + waiting.joined(separator: "; ") + "."
  }
}
