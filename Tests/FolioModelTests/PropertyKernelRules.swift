import FolioModel
import FolioScenario

/// Kernel rules about which entries may migrate at all, checked on one finished call's arrays
/// against the machine before the call: a page is selected only by its zone's SELECT flag and,
/// for device memory, the matching owner (spec §5.2 P4, P9, P10); a hole of a non-anonymous VMA
/// is never collected (P2); a page-cache (file or shmem) folio never keeps MIGRATE towards device
/// memory (§5.5 D4), nor does an anon folio in the swap cache (caveat C2: v6.8 fails the refcount;
/// v7.0 would go on with a stale mapping, a kernel bug the model refuses to follow — DECISIONS.md);
/// and `migrate_device_coherent_folio` moves a device-coherent page to system RAM only (§5.9).
/// A THP mapped by a present PMD is collected on SELECT_SYSTEM alone, whatever its zone and
/// owner (v7.0's `migrate_vma_collect_huge_pmd` tests nothing else).
struct KernelRuleCheck {
  /// The machine just before the call was added, the call after its finalize, and (for
  /// `migrate_vma`) its src array when setup returned, before pages could clear a hole's MIGRATE.
  let pre: Machine
  let call: MigrateCall
  let setupSrc: ChunkedArray<UInt64>?
  let name: String

  func failures() -> [String] {
    var messages = holesCollected()
    for slot in call.src.indices {
      let src = call.src[slot]
      let dst = call.dst[slot]
      let what = "\(name) slot \(slot) src \(MigratePFN.hex(src)) dst \(MigratePFN.hex(dst))"
      guard let pfn = MigratePFN.page(src), let page = pre.frame(pfn), let folio = pre.folio(of: pfn) else { continue }
      if let broken = selectionBroken(page, slot: slot) { messages.append("\(what): \(broken)") }
      let migrated = src & MigratePFN.migrate != 0
      if migrated, page.zone == .normal, !folio.lru, pre.frame(pfn).map({ !$0.free }) == true, call.api != .migrateDeviceCoherentFolio {
        messages.append("\(what): a system folio off the LRU (isolated elsewhere) kept MIGRATE: folio_isolate_lru() fails for it")
      }
      let dstZone = MigratePFN.page(dst).flatMap { pre.frame($0)?.zone }
      if migrated, dstZone?.isDevice == true {
        if folio.mapping == .file || folio.mapping == .shmem {
          messages.append("\(what): a \(folio.mapping.rawValue) folio kept MIGRATE towards device memory (D4)")
        } else if folio.swapcache {
          messages.append("\(what): a swap-cache anon folio kept MIGRATE towards device memory (C2)")
        }
      }
      if call.api == .migrateDeviceCoherentFolio {
        if page.zone != .deviceCoherent { messages.append("\(what): migrate_device_coherent_folio on a \(page.zone.rawValue) page") }
        if migrated && dstZone != .normal { messages.append("\(what): the coherent page did not move to system RAM") }
      }
    }
    return messages
  }

  /// P2: setup never marks a hole of a non-anonymous VMA (a pte_none there stays src = 0).
  private func holesCollected() -> [String] {
    guard let setupSrc, let process = call.process.flatMap({ pre.processIndex(named: $0) }) else { return [] }
    return setupSrc.indices.compactMap { slot in
      guard setupSrc[slot] != 0, let address = call.address(of: slot),
            let vma = pre.processes[process].vma(containing: address), !vma.isAnonymous,
            pre.resolved(process, address).kind == .none else { return nil }
      return "\(name) slot \(slot): a hole of a \(vma.kind.rawValue) VMA was collected as "
        + "\(MigratePFN.hex(setupSrc[slot])) (P2 skips it)"
    }
  }

  /// Why a `migrate_vma` call should not have selected `page`, or nil if it may.
  private func selectionBroken(_ page: PageFrame, slot: Int) -> String? {
    guard call.api == .migrateVMA else { return nil }
    if mappedByPresentPMD(slot: slot) {
      return call.select.contains(.system) ? nil : "a THP mapped by a present PMD collected without SELECT_SYSTEM"
    }
    let flag: MigrateSelect = switch page.zone {
    case .normal: .system
    case .devicePrivate: .devicePrivate
    case .deviceCoherent: .deviceCoherent
    }
    if !call.select.contains(flag) { return "a \(page.zone.rawValue) page selected without its SELECT flag" }
    if page.zone.isDevice && pre.owner(of: page) != call.owner {
      return "a \(page.zone.rawValue) page of \(pre.owner(of: page) ?? "?") selected for owner \(call.owner ?? "nil")"
    }
    return nil
  }

  /// Whether slot `slot`'s address was mapped by a present huge PMD before the call.
  private func mappedByPresentPMD(slot: Int) -> Bool {
    guard let name = call.process, let process = pre.processIndex(named: name), let address = call.address(of: slot),
          case .huge = pre.processes[process].pmd(at: address) else { return false }
    return true
  }
}
