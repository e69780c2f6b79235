/// Meaning checks of `memory:` and `folios:`.
extension ValidationRun {
  func checkMemory() {
    let layout = scenario.memory
    var entries: [MemoryIndex.Entry] = []
    var named: [(path: String, range: PfnRange)] = []
    if checkRange(layout.system, "memory.system") {
      entries.append(.init(range: layout.system, zone: .system))
      named.append(("memory.system", layout.system))
    }
    var names: Set<String> = []
    for (index, device) in layout.devices.enumerated() {
      let path = "memory.devices[\(index)]"
      guard index < ScenarioLimits.maxDevices else {
        error(path, "a scenario has at most \(ScenarioLimits.maxDevices) devices")
        break
      }
      if !names.insert(device.name).inserted { error(path + ".name", "a second device named '\(device.name)'; device names must be unique") }
      if device.name == "system" {
        error(path + ".name", "'system' is how allocate_from names system RAM; give the device another name")
      }
      if checkRange(device.range, path) {
        entries.append(.init(range: device.range, zone: .device(index: index, type: device.type)))
        named.append((path, device.range))
      }
    }
    let intervals = named.enumerated().map { (start: $1.range.start, end: $1.range.end, index: $0) }
    for (earlier, later) in overlappingNeighbours(intervals) {
      error(named[later].path, "pfns \(describe(named[later].range)) overlap \(named[earlier].path) (\(describe(named[earlier].range))); a device pgmap may not overlap RAM or another pgmap")
    }
    memory = MemoryIndex(ranges: entries)
    if let zone = memory.zone(of: layout.zeroPfn) {
      error("memory.zero_pfn", "\(hex(layout.zeroPfn)) lies in \(zone.name); the zero page must be outside every range")
    }
  }

  /// Size limits and no 64-bit overflow; true when the range is usable.
  private func checkRange(_ range: PfnRange, _ path: String) -> Bool {
    guard (1...ScenarioLimits.maxPages).contains(range.count) else {
      error(path + ".pages", "expected 1…\(ScenarioLimits.maxPages) pages, found \(range.count)")
      return false
    }
    guard range.start <= ScenarioLimits.pfnLimit - UInt64(range.count) else {
      error(path + ".start", "the range \(hex(range.start)) + \(range.count) pages ends beyond the largest pfn, "
        + "\(hex(ScenarioLimits.pfnLimit - 1)) (physical addresses have at most 52 bits)")
      return false
    }
    return true
  }

  func describe(_ range: PfnRange) -> String { "\(hex(range.start))…\(hex(range.end - 1))" }

  /// What follows "0x100 is not": the aligned start next to `pfn` where the folio fits, or why
  /// the range holding `pfn` has none (a start outside it would be no better advice).
  private func alignedStartHint(_ pfn: UInt64, pages: UInt64, order: Int) -> String {
    let down = pfn / pages * pages
    let (up, overflow) = down.addingReportingOverflow(pages)
    for start in overflow ? [down] : [down, up] where memory.containsRun(start: start, count: Int(pages)) {
      return " (try \(hex(start)))"
    }
    guard let entry = memory.entry(containing: pfn) else { return "" }
    let range = "\(entry.zone.name) \(describe(entry.range)) (\(entry.range.count) pages)"
    let why = entry.range.count < Int(pages) ? "is too small for" : "has no aligned room for"
    return ", and \(range) \(why) an order-\(order) folio (\(pages) pages)"
  }

  func checkFolios() {
    var valid: [FolioIndex.Entry] = []
    for (index, folio) in scenario.folios.enumerated() {
      let path = "folios[\(index)]"
      guard ScenarioLimits.orders.contains(folio.order) else {
        error(path + ".order", "expected an order 0…9, found \(folio.order)")
        continue
      }
      let pages = UInt64(folio.pageCount)
      guard folio.pfn % pages == 0 else {
        error(path + ".pfn", "an order-\(folio.order) folio must start at a multiple of \(pages) pages; \(hex(folio.pfn)) is "
          + "not\(alignedStartHint(folio.pfn, pages: pages, order: folio.order))")
        continue
      }
      guard memory.containsRun(start: folio.pfn, count: folio.pageCount) else {
        let pfns = pages == 1 ? "pfn \(hex(folio.pfn)) is" : "pfns \(hex(folio.pfn))…\(hex(folio.pfn &+ pages &- 1)) are"
        error(path + ".pfn", "\(pfns) not inside one memory range (system RAM or a device)\(memory.hexHint(folio.pfn))")
        continue
      }
      if let content = folio.content, content > UInt64.max - (pages - 1) {
        error(path + ".content", "page k of the folio holds content + k, which passes 2^64 here; give a smaller content")
      }
      for (key, value) in [("extra_refs", folio.extraRefs), ("pins", folio.pins)] where value > ScenarioLimits.maxReferences {
        error(path + "." + key, "expected at most \(ScenarioLimits.maxReferences), found \(value)")
      }
      if case .device(_, let type) = memory.zone(of: folio.pfn) {
        if folio.backing != .anon {
          error(path + ".backing", "device \(type.rawValue) pages hold anonymous memory only; found '\(folio.backing.rawValue)'")
        }
        if folio.swapcache { error(path + ".swapcache", "device \(type.rawValue) pages are never in the swap cache") }
        if folio.isolated { error(path + ".isolated", "device \(type.rawValue) pages are never on the LRU to be isolated from") }
        if folio.order > 0 && !scenario.kernel.hasCompound {
          warning(path + ".order", "large device folios came with the v6.19 THP series; a \(scenario.kernel.rawValue) driver "
            + "allocates single device pages only")
        }
        if folio.pins > 0 && type == .devicePrivate {
          error(path + ".pins", "device-private pages cannot be pinned: get_user_pages migrates them to system RAM first")
        }
      } else if folio.swapcache && folio.backing == .file {
        error(path + ".swapcache", "a regular file's page is never in the swap cache; anon and shmem pages can be")
      }
      valid.append(.init(start: folio.pfn, end: folio.pfn + pages, index: index))
    }
    for (earlier, later) in overlappingNeighbours(valid.map { ($0.start, $0.end, $0.index) }) {
      let other = scenario.folios[earlier]
      overlappingFolios.formUnion([earlier, later])
      error("folios[\(later)].pfn", "overlaps folios[\(earlier)] (order \(other.order) at \(hex(other.pfn))); every pfn belongs to at most one folio")
    }
    folios = FolioIndex(folios: valid)
  }
}
