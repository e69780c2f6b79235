import FolioModel
import FolioScenario

/// The benchmark's scenario: `slots` pages of process A (rounded up to whole 2 MiB chunks) with
/// every kind of page the engine handles, migrated to DEV0 in one `migrate_vma` call with
/// SELECT_SYSTEM|SELECT_COMPOUND. Every eighth chunk is a PMD-mapped THP; the others repeat a
/// 16-slot pattern of present, hole, zero, pinned, shared, extra-ref and read-only pages.
enum SyntheticScenario {
  static let start: UInt64 = 0x7f00_0000_0000

  static func make(slots requested: Int) -> Scenario {
    let chunks = max(1, (requested + hpagePMDNr - 1) / hpagePMDNr)
    let slots = chunks * hpagePMDNr
    let systemBase: PFN = 0x10_0000
    var folios: [FolioSpec] = []
    var mapA: [MappingSpec] = []
    var mapB: [MappingSpec] = []
    folios.reserveCapacity(slots)
    mapA.reserveCapacity(slots)
    for chunk in 0..<chunks {
      let first = chunk * hpagePMDNr
      if chunk % 8 == 7 {
        let head = systemBase + PFN(first)
        folios.append(FolioSpec(pfn: head, order: 9))
        mapA.append(MappingSpec(page: first, entry: .hugePMD, pfn: head, write: true, dirty: true, young: true))
        continue
      }
      for slot in first..<(first + hpagePMDNr) {
        let pfn = systemBase + PFN(slot)
        switch slot % 16 {
        case 10: continue
        case 11: mapA.append(MappingSpec(page: slot, entry: .zero))
        case 12:
          folios.append(FolioSpec(pfn: pfn, pins: 1))
          mapA.append(MappingSpec(page: slot, entry: .present, pfn: pfn, write: true))
        case 13:
          folios.append(FolioSpec(pfn: pfn))
          mapA.append(MappingSpec(page: slot, entry: .present, pfn: pfn))
          mapB.append(MappingSpec(page: slot, entry: .present, pfn: pfn))
        case 14:
          folios.append(FolioSpec(pfn: pfn, extraRefs: 1))
          mapA.append(MappingSpec(page: slot, entry: .present, pfn: pfn, write: true, dirty: true))
        case 15:
          folios.append(FolioSpec(pfn: pfn))
          mapA.append(MappingSpec(page: slot, entry: .present, pfn: pfn))
        default:
          folios.append(FolioSpec(pfn: pfn))
          mapA.append(MappingSpec(page: slot, entry: .present, pfn: pfn, write: true, dirty: true, young: true))
        }
      }
    }
    let memory = PhysicalMemory(
      system: PfnRange(start: systemBase, count: slots + 4096),
      devices: [DeviceSpec(name: "DEV0", type: .devicePrivate, range: PfnRange(start: 0x100_0000, count: slots + 4096))])
    return Scenario(
      name: "bench-\(slots)", title: "Synthetic benchmark, \(slots) slots", memory: memory, folios: folios,
      processes: [
        ProcessSpec(name: "A", vmas: [VMASpec(start: start, pages: slots, mappings: mapA)]),
        ProcessSpec(name: "B", vmas: [VMASpec(start: start, pages: slots, mappings: mapB)]),
      ],
      calls: [.migrateVMA(MigrateVMACall(process: "A", start: start, end: start + UInt64(slots) * pageSize,
                                         select: [.system, .compound], owner: "DEV0"))])
  }
}
