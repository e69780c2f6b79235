import FolioModel
import FolioScenario

extension PropertyRecipe {
  /// The VMA pages of process A: the recipe's pages, after a 512-page THP region if there is one.
  var vmaPages: Int { thp == nil ? pages.count : hpagePMDNr + min(pages.count, 16) }

  /// The scenario this recipe describes. Pfns are handed out in order, so it is deterministic.
  var scenario: Scenario {
    var builder = RecipeBuilder(recipe: self)
    builder.build()
    return builder.scenario
  }
}

/// Turns a recipe into folios, mappings, calls and events.
struct RecipeBuilder {
  let recipe: PropertyRecipe
  var folios: [FolioSpec] = []
  var mapA: [MappingSpec] = []
  var mapB: [MappingSpec] = []
  var nextSystem: UInt64 = 0x100
  var nextDevice: [String: UInt64] = ["DEV0": 0x800, "DEV1": 0x1000, "DEV2": 0x1800]
  /// The pfn mapped at each VMA page, and what kind of page it is, for the events.
  var pfnAt: [Int: UInt64] = [:]
  var kindAt: [Int: PageKind] = [:]
  var headAt: [Int: UInt64] = [:]
  /// Folios whose extra reference or foreign lock an event already dropped.
  var released: Set<UInt64> = []
  var events: [EventSpec] = []
  var calls: [CallSpec] = []

  init(recipe: PropertyRecipe) { self.recipe = recipe }

  var pageCount: Int { recipe.vmaPages }

  var memory: PhysicalMemory {
    let large = recipe.thp != nil
    return PhysicalMemory(system: PfnRange(start: 0x100, count: large ? 0x500 : 0x100), devices: [
      DeviceSpec(name: "DEV0", type: .devicePrivate, range: PfnRange(start: 0x800, count: large ? 0x800 : 0x80)),
      DeviceSpec(name: "DEV1", type: .devicePrivate, range: PfnRange(start: 0x1000, count: 0x80)),
      DeviceSpec(name: "DEV2", type: .deviceCoherent, range: PfnRange(start: 0x1800, count: 0x80)),
    ])
  }

  var scenario: Scenario {
    let writable = !recipe.readOnly
    func vma(_ mappings: [MappingSpec]) -> VMASpec {
      VMASpec(start: vmaStart, pages: pageCount, kind: recipe.vmaKind, writable: writable,
              mappings: mappings.map { var mapping = $0; mapping.write = $0.write && writable; return mapping })
    }
    var processes = [ProcessSpec(name: "A", vmas: [vma(mapA)])]
    if !mapB.isEmpty { processes.append(ProcessSpec(name: "B", vmas: [vma(mapB)])) }
    return Scenario(name: "property", title: "Generated scenario", memory: memory, folios: folios, processes: processes,
                    calls: calls, events: events)
  }

  mutating func build() {
    if let thp = recipe.thp { addTHP(thp) }
    let offset = recipe.thp == nil ? 0 : hpagePMDNr
    var covered = Set<Int>()
    if recipe.thp == nil, let mthp = recipe.mthp {
      covered = addMTHP(page: mthp.page, order: mthp.order, zeroFilled: mthp.zeroFilled)
    }
    for (i, choice) in recipe.pages.prefix(pageCount - offset).enumerated() where !covered.contains(offset + i) {
      addPage(offset + i, choice)
    }
    addFirstCall()
    for choice in recipe.events { addEvent(choice) }
    if let second = recipe.second { addSecondCall(second) }
  }

  private mutating func takeSystem(order: Int = 0) -> UInt64 {
    let size = UInt64(1) << order
    let pfn = (nextSystem + size - 1) & ~(size - 1)
    nextSystem = pfn + size
    return pfn
  }

  private mutating func takeDevice(_ name: String) -> UInt64 {
    let pfn = nextDevice[name] ?? 0
    nextDevice[name] = pfn + 1
    return pfn
  }

  private mutating func addTHP(_ kind: THPKind) {
    let bits = (write: kind != .hugeShared, dirty: true, young: true)
    switch kind {
    case .huge, .hugePinned, .hugeExtraRef, .hugeShared, .hugeZeroFilled:
      folios.append(FolioSpec(pfn: 0x200, order: 9, dirty: true, extraRefs: kind == .hugeExtraRef ? 1 : 0,
                              pins: kind == .hugePinned ? 1 : 0, content: kind == .hugeZeroFilled ? 0 : nil))
      let mapping = MappingSpec(page: 0, entry: .hugePMD, pfn: 0x200, write: bits.write, dirty: bits.dirty, young: bits.young)
      mapA.append(mapping)
      if kind == .hugeShared { mapB.append(mapping) }
      for page in 0..<hpagePMDNr {
        pfnAt[page] = 0x200 + UInt64(page)
        headAt[page] = 0x200
        kindAt[page] = kind == .hugeExtraRef ? .extraRef : .anon
      }
    case .hugeZero:
      mapA.append(MappingSpec(page: 0, entry: .hugeZeroPMD))
    case .empty:
      break
    case .devicePMD:
      folios.append(FolioSpec(pfn: 0xc00, order: 9))
      mapA.append(MappingSpec(page: 0, entry: .devicePrivatePMD, pfn: 0xc00, write: true))
      for page in 0..<hpagePMDNr {
        pfnAt[page] = 0xc00 + UInt64(page)
        headAt[page] = 0xc00
      }
    }
  }

  /// A PTE-mapped large folio over naturally aligned pages; returns the pages it covers.
  private mutating func addMTHP(page: Int, order: Int, zeroFilled: Bool) -> Set<Int> {
    let size = 1 << order
    let base = (page % pageCount) & ~(size - 1)
    guard base + size <= pageCount else { return [] }
    let pfn = takeSystem(order: order)
    folios.append(FolioSpec(pfn: pfn, order: order, dirty: true, content: zeroFilled ? 0 : nil))
    for k in 0..<size {
      mapA.append(MappingSpec(page: base + k, entry: .present, pfn: pfn + UInt64(k), write: true, dirty: true, young: true))
      pfnAt[base + k] = pfn + UInt64(k)
      headAt[base + k] = pfn
      kindAt[base + k] = .anon
    }
    return Set(base..<(base + size))
  }

  private mutating func addPage(_ page: Int, _ generated: PageChoice) {
    let choice = fitted(generated)
    let backing = backing(of: choice)
    kindAt[page] = choice.kind
    defer { headAt[page] = pfnAt[page] }
    func present(_ pfn: UInt64, write: Bool = choice.write) -> MappingSpec {
      MappingSpec(page: page, entry: .present, pfn: pfn, write: write && backing != .file, dirty: choice.dirty,
                  young: choice.young, softDirty: choice.softDirty, uffdWp: choice.uffdWp)
    }
    switch choice.kind {
    case .hole:
      return
    case .zero:
      mapA.append(MappingSpec(page: page, entry: .zero, softDirty: choice.softDirty, uffdWp: choice.uffdWp))
      return
    case .swap:
      mapA.append(MappingSpec(page: page, entry: .swap))
      return
    case .anon, .pinned, .extraRef, .locked, .swapcache, .isolated:
      let pfn = takeSystem()
      folios.append(FolioSpec(pfn: pfn, backing: backing, swapcache: choice.kind == .swapcache && backing == .anon,
                              dirty: choice.dirty,
                              extraRefs: choice.kind == .extraRef ? 1 : 0, pins: choice.kind == .pinned ? 1 : 0,
                              lockedByOther: choice.kind == .locked, isolated: choice.kind == .isolated))
      mapA.append(present(pfn))
      pfnAt[page] = pfn
    case .shared:
      // After fork, before either side wrote: both map it read-only (shmem: both writable).
      let pfn = takeSystem()
      folios.append(FolioSpec(pfn: pfn, backing: backing, dirty: choice.dirty))
      mapA.append(present(pfn, write: backing == .shmem))
      mapB.append(present(pfn, write: backing == .shmem))
      pfnAt[page] = pfn
    case .dev0, .dev1, .dev0Locked:
      let pfn = takeDevice(choice.kind == .dev1 ? "DEV1" : "DEV0")
      folios.append(FolioSpec(pfn: pfn, dirty: choice.dirty, lockedByOther: choice.kind == .dev0Locked))
      // A read-only young device page is also mapped by B (a fork after migration).
      let shared = choice.young && !choice.write
      let entry = MappingSpec(page: page, entry: .devicePrivate, pfn: pfn, write: choice.write && !shared,
                              softDirty: choice.softDirty, uffdWp: choice.uffdWp)
      mapA.append(entry)
      if shared { mapB.append(entry) }
      pfnAt[page] = pfn
    case .foreignMigration:
      // Another migration holds the folio: locked, its isolation reference, no mapping.
      let pfn = takeSystem()
      folios.append(FolioSpec(pfn: pfn, backing: backing, extraRefs: 1, lockedByOther: true))
      mapA.append(MappingSpec(page: page, entry: .migration, pfn: pfn, write: choice.write && backing != .file))
      pfnAt[page] = pfn
    case .coherent, .coherentRef:
      let pfn = takeDevice("DEV2")
      folios.append(FolioSpec(pfn: pfn, extraRefs: choice.kind == .coherentRef ? 1 : 0))
      mapA.append(present(pfn))
      pfnAt[page] = pfn
    }
  }
}
