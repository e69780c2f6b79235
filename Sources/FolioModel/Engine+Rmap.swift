import FolioScenario

extension Engine {
  /// `try_to_migrate(folio, 0)`: walks every mapping of the folio, in every process, and
  /// replaces it by a migration entry (`try_to_migrate_one`). Stops at a pinned anon-exclusive
  /// page. Returns what it did, to be told when the step is read.
  mutating func tryToMigrate(_ head: PFN) -> TryToMigrateWalk {
    var walk = TryToMigrateWalk()
    for location in entries(of: head) {
      // Only the name is kept: a copy of the ProcessState would share its page tables and make
      // every setPTE below copy them whole.
      let name = machine.processes[location.process].name
      if location.isPMD {
        guard let pmd = machine.processes[location.process].pmds[location.index] else { continue }
        switch pmd {
        case .huge, .devicePrivate:
          guard setPMDMigrationEntry(process: location.process, address: location.address, pmd: pmd, head: head) else {
            walk.stop = .pinnedPMD
            return walk
          }
          walk.conversions.append(.pmd(process: name, address: location.address))
        default: continue
        }
        continue
      }
      guard let pte = machine.processes[location.process].ptes[location.index], let pfn = pte.pfn else { continue }
      var entry: MigrationEntry
      switch pte {
      case .present(let bits):
        entry = MigrationEntry(pfn: pfn, kind: .read, young: bits.young, dirty: bits.dirty, softDirty: bits.softDirty,
                               uffdWp: bits.uffdWp)
        if bits.dirty { update(head) { $0.dirty = true } }
        entry.kind = bits.write ? .write : .read
      case .devicePrivate(let device):
        entry = MigrationEntry(pfn: pfn, kind: device.write ? .write : .read, softDirty: device.softDirty,
                               uffdWp: device.uffdWp)
      case .deviceExclusive where kernel.deviceExclusiveIsMapped:
        // v6.15+: the device loses its exclusive access; only device-private entries migrate writable.
        entry = MigrationEntry(pfn: pfn, kind: .read)
      default: continue
      }
      let exclusive = folio(head).mapping == .anon && frame(pfn).anonExclusive
      if exclusive {
        if refusesShare(folio(head)) {
          walk.stop = .pinnedPTE(process: name)
          return walk
        }
        update(pfn) { $0.anonExclusive = false }
        if entry.kind == .read { entry.kind = .readExclusive }
      }
      setPTE(location.process, location.address, .migration(entry))
      update(head) { $0.mapcount -= 1; $0.refcount -= 1 }
      walk.conversions.append(.pte(process: name, address: location.address, kind: entry.kind))
    }
    return walk
  }

  /// `remove_migration_ptes(src, dst)`: every migration entry naming a page of `src` becomes a
  /// mapping of the page at the same index of `dst` (`remove_migration_pte`/`_pmd`). Returns how
  /// many mappings were restored.
  @discardableResult
  mutating func removeMigrationPTEs(src: PFN, dst: PFN) -> Int {
    var restored = 0
    let dstFolio = folio(dst)
    for location in entries(of: src) {
      let migration: MigrationEntry
      if case .some(.migration(let entry)) = pmd(at: location) {
        migration = entry
      } else if case .some(.migration(let entry)) = pte(at: location) {
        migration = entry
      } else {
        continue
      }
      let page = dst + (migration.pfn - src)
      let write = migration.kind == .write
      let exclusive = dstFolio.mapping == .anon && migration.kind != .read
      // uffd-wp is carried over as is, except to a present PTE, which gets it only when not
      // made writable (remove_migration_pte's present branch; its device-private branch and
      // remove_migration_pmd copy it unconditionally). The present entry is dirty only when
      // both the folio and the entry are, and pte_mkdirty() makes it soft-dirty as well; v7.0's
      // remove_migration_pte then sets soft-dirty from the entry alone, clearing it otherwise.
      if dstFolio.zone == .devicePrivate {
        let entry = DevicePrivateEntry(pfn: page, write: write, softDirty: migration.softDirty, uffdWp: migration.uffdWp)
        if location.isPMD { setPMD(location.process, location.address, .devicePrivate(entry)) }
        else { setPTE(location.process, location.address, .devicePrivate(entry)) }
      } else {
        var bits = PresentBits(pfn: page, write: write, young: migration.young, softDirty: migration.softDirty,
                               uffdWp: migration.uffdWp && (location.isPMD || !write))
        if folio(dst).dirty && migration.dirty { bits.mkdirty() }
        if !location.isPMD && kernel.restoredPTEKeepsSoftDirty { bits.softDirty = migration.softDirty }
        if location.isPMD { setPMD(location.process, location.address, .huge(bits)) }
        else { setPTE(location.process, location.address, .present(bits)) }
      }
      update(dstFolio.pfn) { $0.refcount += 1; $0.mapcount += 1 }
      // RMAP_EXCLUSIVE marks the page a PTE maps, or the head alone for a PMD.
      if exclusive { update(page) { $0.anonExclusive = true } }
      restored += 1
    }
    return restored
  }
}
