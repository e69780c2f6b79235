import FolioModel
import FolioScenario

extension RecipeBuilder {
  /// Call 0: `migrate_vma` over a random sub-range of A's VMA with the recipe's driver.
  mutating func addFirstCall() {
    let start = recipe.rangeStart < 500 ? 0 : recipe.rangeStart % pageCount
    let room = pageCount - start
    let length = recipe.rangeLength < 500 ? room : 1 + recipe.rangeLength % room
    let driver = DriverSpec(decline: recipe.decline.map { $0 % length }, failAlloc: recipe.failAlloc.map { $0 % length },
                            failCompoundAlloc: recipe.failCompoundAlloc)
    calls.append(.migrateVMA(MigrateVMACall(
      process: "A", start: address(start), end: address(start + length), select: recipe.select, owner: recipe.owner,
      driver: driver)))
  }

  /// One event of call 0. Choices that make no sense for the page they landed on are dropped.
  mutating func addEvent(_ choice: EventChoice) {
    let page = choice.page % pageCount
    let point: EventPoint = choice.late ? .beforePages : .afterSetup
    let pfn = pfnAt[page]
    switch choice.kind {
    case .touch:
      events.append(EventSpec(at: point, action: .cpuAccess(process: "A", address: address(page), write: choice.write)))
    case .touchB:
      let process = mappedByB(page) ? "B" : "A"
      events.append(EventSpec(at: point, action: .cpuAccess(process: process, address: address(page), write: choice.write)))
    case .getPut:
      // Taken first, before any touch can free the folio; the reference then keeps it alive.
      guard let pfn else { return }
      events.insert(EventSpec(at: .afterSetup, action: .getReference(pfn: pfn)), at: 0)
      events.append(EventSpec(at: .afterFinalize, action: .putReference(pfn: pfn)))
    case .dropExtra:
      guard let pfn, let head = headAt[page], kindAt[page] == .extraRef, released.insert(head).inserted else { return }
      events.append(EventSpec(at: point, action: .putReference(pfn: pfn)))
    case .unlockOther:
      guard let pfn, [.locked, .dev0Locked].contains(kindAt[page]), released.insert(pfn).inserted else { return }
      events.append(EventSpec(at: point, action: .unlockFolio(pfn: pfn)))
    }
  }

  /// Call 1: a CPU fault, an eviction of DEV0, or a migration of A's VMA back from DEV0.
  mutating func addSecondCall(_ choice: SecondChoice) {
    switch choice.kind {
    case .fault:
      let driver = DriverSpec(failAlloc: choice.count == 1 ? [0] : [])
      calls.append(.cpuFault(process: "A", address: address(choice.page % pageCount), write: choice.write, driver: driver))
    case .evict:
      let start: UInt64 = recipe.thp == .devicePMD && choice.write ? 0xc00 : 0x800 + UInt64(choice.page % 64)
      calls.append(.migrateDeviceRange(startPfn: start, pages: choice.count, driver: DriverSpec()))
    case .migrateBack:
      let select: MigrateSelect = choice.write ? [.devicePrivate, .compound] : .devicePrivate
      calls.append(.migrateVMA(MigrateVMACall(process: "A", start: vmaStart, end: address(pageCount), select: select,
                                              owner: "DEV0")))
    }
  }

  private func mappedByB(_ page: Int) -> Bool {
    mapB.contains { $0.page == page || ($0.entry == .hugePMD && page < hpagePMDNr) }
  }
}

extension PropertyRecipe {
  /// A CPU access (event or fault call) lands in the 2 MiB region, which is, or may have become,
  /// a device-private PMD. Open engine bugs (see PropertyFindings.swift): the PMD fault passes a
  /// subpage as `fault_page`, so the migration back always fails, and the refault guard then
  /// misses the PMD and recurses until the stack overflows.
  var touchesPMDRegion: Bool {
    guard thp != nil else { return false }
    let touched = events.filter { [.touch, .touchB].contains($0.kind) }.map(\.page)
      + (second?.kind == .fault ? [second?.page ?? 0] : [])
    return touched.contains { $0 % vmaPages < hpagePMDNr }
  }

  /// The kernels to run this recipe under: v6.8 has no device-private PMDs (they came with the
  /// v6.19 THP series), and v7.0 skips the open PMD-fault bugs until the engine is fixed.
  var kernels: [KernelVersion] {
    KernelVersion.allCases.filter { kernel in
      kernel == .v6_8 ? thp != .devicePMD : !touchesPMDRegion
    }
  }
}
