import FolioModel
import FolioScenario

/// A small hand-made run until the engine produces real timelines: system pfns 0x100–0x10f,
/// DEV0 0x800–0x80f, process A with 8 pages, one `migrate_vma` call over 8 slots.
enum Fixtures {
  static let base: UInt64 = 0x7f00_0000_0000
  static func vpn(_ slot: Int) -> UInt64 { (base >> 12) + UInt64(slot) }

  static let scenario = Scenario(
    name: "fixture", title: "Eight pages to DEV0",
    memory: PhysicalMemory(
      system: PfnRange(start: 0x100, count: 16),
      devices: [
        DeviceSpec(name: "DEV0", type: .devicePrivate, range: PfnRange(start: 0x800, count: 16))
      ], zeroPfn: 0x1),
    processes: [ProcessSpec(name: "A", vmas: [VMASpec(start: base, pages: 8)])],
    calls: [],
    narration: Narration(
      phases: ["collect": "The page walk fills src: one migrate-pfn per page, holes included."],
      steps: [12: "The driver now owns the destination pages."]))

  static func machine(kernel: KernelVersion) -> Machine {
    var machine = Machine(
      kernel: kernel,
      regions: [
        MemoryRegion(name: "System RAM", zone: .normal, range: PfnRange(start: 0x100, count: 16)),
        MemoryRegion(name: "DEV0", zone: .devicePrivate, range: PfnRange(start: 0x800, count: 16)),
      ], zeroPfn: 0x1,
      processes: [ProcessState(name: "A", vmas: scenario.processes[0].vmas.map(VMA.init))])
    machine.allocate(0x100)
    machine.allocate(0x104, order: 2, mapped: 4)
    machine.allocate(0x10a)
    machine.edit(0x10a) {
      $0.pins = 1
      $0.refcount += gupPinCountingBias
    }
    let ptes: [Int: PTE] = [
      0: .present(PresentBits(pfn: 0x100, write: true, dirty: true, young: true)), 2: .zero(),
      3: .present(PresentBits(pfn: 0x104, write: true)),
      4: .present(PresentBits(pfn: 0x105, write: true)),
      5: .present(PresentBits(pfn: 0x106, write: true)),
      6: .present(PresentBits(pfn: 0x107, write: true)),
      7: .present(PresentBits(pfn: 0x10a, write: true, young: true)),
    ]
    for (slot, pte) in ptes { machine.processes[0].ptes[vpn(slot)] = pte }
    return machine
  }

  static func mpfn(_ pfn: PFN, write: Bool = true) -> UInt64 {
    MigratePFN.make(pfn) | MigratePFN.migrate | (write ? MigratePFN.write : 0)
  }

  /// The run under `kernel`; v6.8 gets one extra step in collect, so step numbers differ.
  static func timeline(kernel: KernelVersion = .v7_0) -> Timeline {
    var r = FixtureRecorder(
      machine: machine(kernel: kernel),
      text: "Process A maps 8 pages; the driver will move them to DEV0.")
    r.step(
      .setup, "migrate_vma_setup", "check-args",
      "migrate_vma_setup checks the range and the arrays: 8 slots."
    ) {
      $0.calls.append(
        MigrateCall(
          api: .migrateVMA, process: "A", start: base, end: base + 8 * pageSize, select: .system,
          owner: "DEV0", slots: 8))
      $0.calls[0].npages = 8
    }
    if kernel == .v6_8 {
      r.step(.collect, "migrate_vma_collect", "walk", "v6.8 starts the walk.") { _ in }
    }
    let collected: [(Int, PFN?)] = [
      (0, 0x100), (1, nil), (2, nil), (3, 0x104), (4, 0x105), (5, 0x106), (6, 0x107), (7, 0x10a),
    ]
    for (slot, pfn) in collected {
      r.step(
        .collect, "migrate_vma_collect_pmd", pfn == nil ? "hole" : "lock", slot: slot, pfn: pfn,
        pfn == nil
          ? "Slot \(slot) is a hole: src = MIGRATE_PFN_MIGRATE (0x2)."
          : "Slot \(slot): trylock \(MigratePFN.hex(pfn ?? 0)), install a migration entry."
      ) { m in
        m.calls[0].cpages += 1
        guard let pfn else {
          m.calls[0].src[slot] = MigratePFN.migrate
          return
        }
        m.calls[0].src[slot] = mpfn(pfn)
        m.edit(m.frame(pfn)?.head ?? pfn) { $0.lockedBy = .migration }
        m.processes[0].ptes[vpn(slot)] = .migration(
          MigrationEntry(pfn: pfn, kind: .write, young: slot == 0, dirty: slot == 0))
      }
    }
    r.step(
      .unmap, "migrate_device_unmap", "isolate", slot: 0, pfn: 0x100,
      "Isolate the sources from the LRU."
    ) { m in
      for pfn: PFN in [0x100, 0x104, 0x10a] { m.edit(pfn) { $0.lru = false } }
    }
    r.step(
      .unmap, "migrate_device_unmap", "pin-check", slot: 7, pfn: 0x10a, failed: true,
      "0x10a is pinned (refcount 1026): the pin check fails, slot 7 is restored and zeroed."
    ) { m in
      m.calls[0].src[7] = 0
      m.calls[0].cpages -= 1
      m.edit(0x10a) {
        $0.lockedBy = nil
        $0.lru = true
      }
      m.processes[0].ptes[vpn(7)] = .present(PresentBits(pfn: 0x10a, write: true, young: true))
    }
    for slot in 0...3 {
      let dst: PFN = 0x800 + PFN(slot)
      r.step(
        .driver, "dmirror_migrate_alloc_and_copy", "alloc", slot: slot, pfn: dst,
        "The driver allocates \(MigratePFN.hex(dst)) and locks it."
      ) { m in
        let count = slot == 3 ? 4 : 1
        for s in slot..<(slot + count) {
          m.allocate(0x800 + PFN(s), mapping: .none, mapped: 0)
          m.edit(0x800 + PFN(s)) { $0.lockedBy = .driver }
          m.calls[0].dst[s] = MigratePFN.make(0x800 + PFN(s)) | MigratePFN.write
        }
      }
    }
    r.step(
      .pages, "migrate_vma_pages", "insert-hole", slot: 1, pfn: 0x801,
      "Slot 1 is a hole: map the new page now."
    ) { m in
      m.processes[0].ptes[vpn(1)] = .devicePrivate(DevicePrivateEntry(pfn: 0x801, write: true))
      m.edit(0x801) {
        $0.mapping = .anon
        $0.mapcount = 1
        $0.refcount = 2
      }
    }
    r.step(
      .pages, "migrate_vma_pages", "move-mapping", slot: 0, pfn: 0x800,
      "Move 0x100's mapping and flags to 0x800."
    ) { m in
      m.edit(0x800) {
        $0.mapping = .anon
        $0.content = 0xc0de_0100
      }
    }
    r.step(
      .finalize, "migrate_vma_finalize", "remap", slot: 0, pfn: 0x800,
      "Slot 0: the PTE now names 0x800; 0x100 is freed."
    ) { m in
      m.processes[0].ptes[vpn(0)] = .devicePrivate(DevicePrivateEntry(pfn: 0x800, write: true))
      m.free(0x100)
      m.edit(0x800) {
        $0.lockedBy = nil
        $0.mapcount = 1
      }
    }
    r.step(
      .finalize, "migrate_vma_finalize", "remap", slot: 2, pfn: 0x802,
      "Slot 2 was the zero page: now 0x802."
    ) { m in
      m.processes[0].ptes[vpn(2)] = .devicePrivate(DevicePrivateEntry(pfn: 0x802, write: true))
      m.edit(0x801) { $0.lockedBy = nil }
      m.edit(0x802) {
        $0.lockedBy = nil
        $0.mapping = .anon
        $0.mapcount = 1
      }
    }
    r.step(
      .finalize, "migrate_vma_finalize", "remap", slot: 3, pfn: 0x803,
      "Slots 3–6: the folio 0x104 is replaced by 0x803–0x806."
    ) { m in
      for s in 3...6 {
        m.processes[0].ptes[vpn(s)] = .devicePrivate(
          DevicePrivateEntry(pfn: 0x800 + PFN(s), write: true))
        m.edit(0x800 + PFN(s)) {
          $0.lockedBy = nil
          $0.mapping = .anon
          $0.mapcount = 1
        }
      }
      m.free(0x104)
    }
    r.step(
      .done, "migrate_vma_finalize", "done", slot: nil,
      "Done: 6 pages moved, slot 7 stayed (pinned)."
    ) { _ in }
    return r.timeline(scenario, kernel: kernel)
  }

  static let codeListing = Listing(
    function: "migrate_vma_collect_pmd",
    [
      ("walk", "for each pte in the range:"), ("hole", "  if pte_none: src = MIGRATE (a hole)"),
      ("lock", "  trylock the folio, else skip"), ("entry", "  install a migration entry"),
      ("count", "  cpages++"),
    ])
}
