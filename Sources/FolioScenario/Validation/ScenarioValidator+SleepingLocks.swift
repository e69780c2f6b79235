/// Warnings for calls that would sleep in `folio_lock()` on a folio the other thread holds
/// locked when they run: the run cannot resume a call that sleeps, so it stops it there.
extension ValidationRun {
  func checkCallsThatSleepOnALock(_ events: [EventSpec]) {
    for (index, call) in scenario.calls.enumerated() {
      switch call {
      case .migrateDeviceCoherentFolio(let pfn):
        guard let folio = folios.folio(containing: pfn), isLockedByOther(folio, when: index, events) else { continue }
        warning("calls[\(index)].migrate_device_coherent_folio", "the other thread holds the lock of the folio at "
          + "\(hex(scenario.folios[folio].pfn)) when this call runs: folio_lock() sleeps, and the run stops the call there "
          + "(nothing migrates, and its events never run)")
      case .migrateVMA(let args) where scenario.kernel.hasCompound:
        for folio in pteMappedLargeFolios(args) where isLockedByOther(folio, when: index, events) {
          warning("calls[\(index)].migrate_vma", "the other thread holds the lock of the large folio at "
            + "\(hex(scenario.folios[folio].pfn)) when this call runs: migrate_vma_split_folio()'s folio_lock() sleeps "
            + "there, and the run shows the rest of the range skipped")
        }
      default: continue
      }
    }
  }

  /// Whether the other thread holds the lock of scenario folio `folio` when call `call` starts
  /// (its `locked_by_other`, then the lock and unlock events of earlier calls).
  private func isLockedByOther(_ folio: Int, when call: Int, _ events: [EventSpec]) -> Bool {
    var locked = scenario.folios[folio].lockedByOther
    for event in events where event.call < call {
      switch event.action {
      case .lockFolio(let target) where folios.folio(containing: target) == folio: locked = true
      case .unlockFolio(let target) where folios.folio(containing: target) == folio: locked = false
      default: break
      }
    }
    return locked
  }

  /// The large folios a `migrate_vma`'s range maps by PTE in its process and selects, each
  /// once: v7.0's collect locks each before splitting it.
  private func pteMappedLargeFolios(_ args: MigrateVMACall) -> [Int] {
    let vmas = scenario.processes.first { $0.name == args.process }?.vmas ?? []
    var found: [Int] = []
    for vma in vmas {
      // Wrapping arithmetic: a file with errors of its own (a page far past the VMA) must not trap here.
      for mapping in vma.mappings where mapping.page >= 0 {
        let address = vma.start &+ UInt64(mapping.page) &* ScenarioLimits.pageSize
        guard address >= args.start, address < args.end, let pfn = mapping.pfn, selects(args, mapping.entry, pfn),
              let folio = folios.folio(containing: pfn), scenario.folios[folio].order > 0, !found.contains(folio)
        else { continue }
        found.append(folio)
      }
    }
    return found
  }

  /// Whether collect's PTE loop takes the page an entry of this kind maps at `pfn` (by its
  /// memory's select flag; the owner check aside).
  private func selects(_ args: MigrateVMACall, _ entry: MappingEntryKind, _ pfn: UInt64) -> Bool {
    switch (entry, memory.zone(of: pfn)) {
    case (.present, .system): args.select.contains(.system)
    case (.present, .device(_, .deviceCoherent)): args.select.contains(.deviceCoherent)
    case (.devicePrivate, _): args.select.contains(.devicePrivate)
    default: false
    }
  }
}
