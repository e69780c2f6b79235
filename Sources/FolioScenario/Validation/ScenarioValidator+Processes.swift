/// Meaning checks of `processes:`: VMAs and the page-table entries that map them.
extension ValidationRun {
  var processNames: [String] { scenario.processes.map(\.name) }

  func checkProcesses() {
    var seen: Set<String> = []
    for (p, process) in scenario.processes.enumerated() {
      let path = "processes[\(p)]"
      guard p < ScenarioLimits.maxProcesses else {
        error(path, "a scenario has at most \(ScenarioLimits.maxProcesses) processes")
        break
      }
      if !seen.insert(process.name).inserted { error(path + ".name", "a second process named '\(process.name)'; process names must be unique") }
      var intervals: [(start: UInt64, end: UInt64, index: Int)] = []
      for (v, vma) in process.vmas.enumerated() where checkVMA(vma, "\(path).vmas[\(v)]") {
        intervals.append((vma.start, vma.end, v))
        checkMappings(of: vma, "\(path).vmas[\(v)]")
      }
      for (earlier, later) in overlappingNeighbours(intervals) {
        let other = process.vmas[earlier]
        error("\(path).vmas[\(later)].start", "overlaps \(path).vmas[\(earlier)] (\(hex(other.start))…\(hex(other.end))); the VMAs of a process are disjoint")
      }
    }
  }

  /// Size, alignment and no overflow; true when the VMA's `end` can be computed.
  private func checkVMA(_ vma: VMASpec, _ path: String) -> Bool {
    guard (1...ScenarioLimits.maxPages).contains(vma.pages) else {
      error(path + ".pages", "expected 1…\(ScenarioLimits.maxPages) pages, found \(vma.pages)")
      return false
    }
    guard vma.start % ScenarioLimits.pageSize == 0 else {
      error(path + ".start", "a VMA starts on a page boundary (a multiple of 0x1000); found \(hex(vma.start))")
      return false
    }
    guard vma.start <= ScenarioLimits.addressLimit - UInt64(vma.pages) * ScenarioLimits.pageSize else {
      error(path + ".start", "the VMA ends beyond the user address space, which ends at \(hex(ScenarioLimits.addressLimit)) "
        + "(TASK_SIZE with 5-level page tables)")
      return false
    }
    return true
  }

  private func checkMappings(of vma: VMASpec, _ vmaPath: String) {
    var covered: [(start: UInt64, end: UInt64, index: Int)] = []
    for (m, mapping) in vma.mappings.enumerated() {
      let path = "\(vmaPath).map[\(m)]"
      let isPMD = [.hugePMD, .hugeZeroPMD, .devicePrivatePMD].contains(mapping.entry)
      if mapping.entry == .devicePrivatePMD && !scenario.kernel.hasCompound {
        warning(path + ".entry", "device-private PMDs came with the v6.19 THP series; a \(scenario.kernel.rawValue) kernel never has one")
      }
      let span = isPMD ? ScenarioLimits.pmdPages : 1
      guard mapping.page >= 0, mapping.page <= vma.pages - span else {
        let what = isPMD ? "a PMD entry needs 512 pages from its first page" : "expected a page index"
        error(path + ".page", "\(what) inside the VMA (0…\(vma.pages - 1)); found \(mapping.page)")
        continue
      }
      let address = vma.start + UInt64(mapping.page) * ScenarioLimits.pageSize
      if isPMD, address % (UInt64(ScenarioLimits.pmdPages) * ScenarioLimits.pageSize) != 0 {
        error(path + ".page", "a PMD entry maps a 2 MiB-aligned address; page \(mapping.page) is at \(hex(address))")
        continue
      }
      covered.append((UInt64(mapping.page), UInt64(mapping.page + span), m))
      if mapping.write, !vma.writable {
        error(path + ".write", "a writable entry in a VMA without write permission (prot)")
      }
      if mapping.write, mapping.uffdWp {
        error(path + ".uffd_wp", "a uffd-wp entry is write-protected (UFFDIO_WRITEPROTECT clears its write bit, and "
          + "a write fault goes to userfaultfd), so it cannot be writable too; drop 'write' or 'uffd_wp'")
      }
      checkEntry(mapping, path)
    }
    for (earlier, later) in overlappingNeighbours(covered) {
      error("\(vmaPath).map[\(later)].page", "maps a page that \(vmaPath).map[\(earlier)] already maps; one entry per page")
    }
  }

  /// Whether the entry kind needs a pfn, and that the pfn is a used page of a fitting zone.
  private func checkEntry(_ mapping: MappingSpec, _ path: String) {
    let kind = mapping.entry.rawValue
    switch mapping.entry {
    case .zero, .swap, .hugeZeroPMD:
      if let pfn = mapping.pfn, !(mapping.entry == .zero && pfn == scenario.memory.zeroPfn) {
        error(path + ".pfn", "a '\(kind)' entry names no page of ours; drop 'pfn' (found \(hex(pfn)))")
      }
      if mapping.write, mapping.entry != .swap {
        error(path + ".write", "the zero page is always mapped read-only")
      }
      if mapping.entry == .zero {
        checkZeroBits(mapping, path)
      }
    case .present, .deviceExclusive, .migration, .devicePrivate, .hugePMD, .devicePrivatePMD:
      guard let pfn = mapping.pfn else {
        error(path, "a '\(kind)' entry needs 'pfn'")
        return
      }
      guard let zone = memory.zone(of: pfn) else {
        error(path + ".pfn", memory.outside(pfn))
        return
      }
      guard let folioIndex = folios.folio(containing: pfn) else {
        // A folio the scenario declares but that was refused (misplaced, misaligned) has its own error.
        let declared = scenario.folios.contains {
          ScenarioLimits.orders.contains($0.order) && pfn >= $0.pfn && pfn - $0.pfn < UInt64($0.pageCount)
        }
        if !declared {
          error(path + ".pfn", "\(hex(pfn)) is a free page (no folio in 'folios' holds it); a '\(kind)' entry must name a page in use")
        }
        return
      }
      checkZone(mapping.entry, zone, pfn, path + ".pfn")
      if mapping.entry == .migration && !scenario.folios[folioIndex].lockedByOther {
        warning(path + ".pfn", "a migration entry exists only while its folio is locked, by the migration that "
          + "installed it: set locked_by_other on the folio of \(hex(pfn))")
      }
      if mapping.entry == .hugePMD || mapping.entry == .devicePrivatePMD {
        let folio = scenario.folios[folioIndex]
        if folio.order != 9 || folio.pfn != pfn {
          error(path + ".pfn", "a '\(kind)' entry names the head of an order-9 folio; \(hex(pfn)) is \(folio.pfn == pfn ? "the head of an order-\(folio.order) folio" : "not a folio head")")
        }
      }
    }
  }

  /// A zero-page PTE keeps soft-dirty and uffd-wp (a split's `try_to_map_unused_to_zeropage`
  /// copies them from the migration entry); it is never dirty, and the model keeps no accessed bit.
  private func checkZeroBits(_ mapping: MappingSpec, _ path: String) {
    if mapping.dirty {
      error(path + ".dirty", "the zero page is read-only and never written, so its entry is never dirty; drop 'dirty'")
    }
    if mapping.young {
      warning(path + ".young", "the model keeps only soft_dirty and uffd_wp on a zero-page entry; 'young' is ignored")
    }
  }

  private func checkZone(_ entry: MappingEntryKind, _ zone: Zone, _ pfn: UInt64, _ path: String) {
    let isPrivate = zone.isDevicePrivate
    switch entry {
    case .present, .hugePMD:
      if isPrivate {
        let kind = entry == .hugePMD ? "device_private_pmd" : "device_private"
        error(path, "\(hex(pfn)) is a device-private page: the CPU cannot map it with a present entry; use '\(kind)'")
      }
    case .devicePrivate, .devicePrivatePMD:
      if !isPrivate { error(path, "a '\(entry.rawValue)' entry names a device-private page; \(hex(pfn)) is in \(zone.name)") }
    case .deviceExclusive:
      if zone != .system { error(path, "a 'device_exclusive' entry names a system RAM page; \(hex(pfn)) is in \(zone.name)") }
    default:
      break
    }
  }
}
