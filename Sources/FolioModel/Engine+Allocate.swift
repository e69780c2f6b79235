import FolioScenario

extension Engine {
  /// The region a driver allocates destinations from: `allocateFrom`, else the owner's device
  /// when migrating to the device, else system RAM.
  func destinationRegion(_ driver: DriverSpec, toDevice: Bool) -> MemoryRegion? {
    if let name = driver.allocateFrom {
      return name == "system" ? machine.regions.first : machine.regions.first { $0.name == name }
    }
    guard toDevice else { return machine.regions.first }
    let owner = machine.calls[call].owner
    return machine.regions.first { $0.zone.isDevice && $0.name == owner }
      ?? machine.regions.first { $0.zone == .devicePrivate }
  }

  /// Finds the lowest free, naturally aligned run of `1 << order` pages in `region`, starting at
  /// the region's allocation hint (no free page lies below it), and moves the hint up to the
  /// first free page seen.
  mutating func findFree(in region: MemoryRegion, order: Int) -> PFN? {
    let count = 1 << order
    let index = Int(frame(region.range.start).region)
    var from = max(region.range.start, allocationHint(index) ?? region.range.start)
    while from < region.range.end && !frame(from).free { from += 1 }
    setAllocationHint(index, from)
    var pfn = (from + UInt64(count) - 1) & ~(UInt64(count) - 1)
    while pfn + UInt64(count) <= region.range.end {
      if let blocker = (0..<count).first(where: { !frame(pfn + UInt64($0)).free }) {
        pfn = (pfn + UInt64(blocker) + UInt64(count)) & ~(UInt64(count) - 1)
      } else {
        return pfn
      }
    }
    return nil
  }

  /// Where the search for a free page of region `index` (in `machine.regions`) starts, if set.
  private func allocationHint(_ index: Int) -> PFN? { index < allocationHints.count ? allocationHints[index] : nil }

  private mutating func setAllocationHint(_ index: Int, _ pfn: PFN) {
    if allocationHints.count <= index { allocationHints += machine.regions[allocationHints.count...index].map(\.range.start) }
    allocationHints[index] = pfn
  }

  /// A folio at `head` was freed: the search for a free page of its region must start no later.
  mutating func lowerAllocationHint(to head: PFN) {
    let index = Int(frame(head).region)
    if head < allocationHint(index) ?? machine.regions[index].range.start { setAllocationHint(index, head) }
  }

  /// Makes a locked folio with one reference at `head` (`zone_device_page_init` for device
  /// pages, `alloc_page` + `lock_page` for system pages) whose pages hold copies of the pages
  /// from `source` on (zeros when there is none).
  mutating func allocateFolio(at head: PFN, order: Int, copying source: PFN?) {
    dissolveFreedFolios(under: head, order: order)
    for k in 0..<(1 << order) {
      let content = source.map { frame($0 + UInt64(k)).content ?? 0 } ?? 0
      update(head + UInt64(k)) { page in
        page.free = false
        page.head = head
        page.order = order
        page.content = content
        guard k == 0 else { return }
        page.refcount = 1
        page.lockedBy = .driver
      }
    }
  }

  /// A freed device folio keeps its order (`freeFolio`). dmirror hands one out again only whole,
  /// but the model's first-fit allocator may carve other blocks out of it; the rest of such a
  /// folio then becomes free order-0 pages, as a driver's own split of its free block would
  /// leave them, rather than tails of a head that is in use.
  private mutating func dissolveFreedFolios(under head: PFN, order: Int) {
    for k in 0..<(1 << order) {
      let page = frame(head + UInt64(k))
      guard page.free, page.order > 0, page.head != head || page.order != order else { continue }
      resetFrames(page.head, count: page.pageCount, keepingOrder: 0)
    }
  }
}
