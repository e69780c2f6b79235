import FolioModel
import FolioScenario

extension RecipeBuilder {
  /// Call 0: `migrate_vma` over a random sub-range of A's VMA with the recipe's driver.
  mutating func addFirstCall() {
    let (start, length) = recipe.firstCallRange
    // On the way to RAM, dmirror gives up at a failed allocation and strands the slots before it
    // (a driver bug the model shows and the checker reports): fail only the first slot there.
    let toRAM = !recipe.select.contains(.system) && !recipe.select.isDisjoint(with: [.devicePrivate, .deviceCoherent])
    let failAlloc = recipe.failAlloc.map { $0 % length }.filter { !toRAM || $0 == 0 }
    let driver = DriverSpec(decline: recipe.decline.map { $0 % length }, failAlloc: failAlloc,
                            failCompoundAlloc: recipe.failCompoundAlloc)
    calls.append(.migrateVMA(MigrateVMACall(
      process: "A", start: address(start), end: address(start + length), select: recipe.select, owner: recipe.owner,
      driver: driver)))
  }

  /// One event. Touches may also happen during a second eviction or migration back; references
  /// and locks only in call 0, while the folios they name surely still exist. Choices that make
  /// no sense for the page they landed on are dropped.
  mutating func addEvent(_ choice: EventChoice) {
    let page = choice.page % pageCount
    let point = [EventPoint.afterSetup, .beforePages, .afterPages][choice.point % 3]
    let pfn = pfnAt[page]
    switch choice.kind {
    case .touch, .touchB:
      let process = choice.kind == .touchB && mappedByB(page) ? "B" : "A"
      let secondRuns = [.evict, .migrateBack].contains(recipe.second?.kind)
      let call = choice.inSecondCall && secondRuns ? 1 : 0
      events.append(EventSpec(call: call, at: point, action: .cpuAccess(process: process, address: address(page), write: choice.write)))
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

  /// Call 1: a CPU fault, an eviction of DEV0 (DEV2 when call 0 went to DEV2), a migration of
  /// A's VMA back from that device, or a long-term pin of a DEV2 page call 0 cannot have moved.
  mutating func addSecondCall(_ choice: SecondChoice) {
    let coherent = recipe.owner == "DEV2"
    switch choice.kind {
    case .fault:
      let driver = DriverSpec(failAlloc: choice.count == 1 ? [0] : [])
      calls.append(.cpuFault(process: "A", address: address(choice.page % pageCount), write: choice.write, driver: driver))
    case .evict:
      let start: UInt64 = coherent ? 0x1800 + UInt64(choice.page % 64)
        : recipe.thp == .devicePMD && choice.write ? 0xc00 : 0x800 + UInt64(choice.page % 64)
      calls.append(.migrateDeviceRange(startPfn: start, pages: choice.count, driver: DriverSpec()))
    case .migrateBack:
      let select: MigrateSelect = coherent ? .deviceCoherent : choice.write ? [.devicePrivate, .compound] : .devicePrivate
      calls.append(.migrateVMA(MigrateVMACall(process: "A", start: vmaStart, end: address(pageCount), select: select,
                                              owner: coherent ? "DEV2" : "DEV0")))
    case .coherentPin:
      guard let page = kindAt.keys.sorted().first(where: { kindAt[$0] == .coherentRef && !firstCallMayMove($0) }),
            let pfn = pfnAt[page] else { return }
      calls.append(.migrateDeviceCoherentFolio(pfn: pfn))
    }
  }

  /// Whether call 0 selects the coherent page at `page`, so that it may be gone by call 1.
  private func firstCallMayMove(_ page: Int) -> Bool {
    let (start, length) = recipe.firstCallRange
    return recipe.select.contains(.deviceCoherent) && recipe.owner == "DEV2" && (start..<(start + length)).contains(page)
  }

  private func mappedByB(_ page: Int) -> Bool {
    mapB.contains { $0.page == page || ($0.entry == .hugePMD && page < hpagePMDNr) }
  }
}

extension PropertyRecipe {
  /// The first slot and the length of call 0, in VMA pages.
  var firstCallRange: (start: Int, length: Int) {
    let start = rangeStart < 500 ? 0 : rangeStart % vmaPages
    let room = vmaPages - start
    return (start, rangeLength < 500 ? room : 1 + rangeLength % room)
  }

  /// The kernels to run this recipe under: v6.8 has no device-private PMDs (they came with the
  /// v6.19 THP series).
  var kernels: [KernelVersion] {
    KernelVersion.allCases.filter { $0 == .v7_0 || thp != .devicePMD }
  }
}
