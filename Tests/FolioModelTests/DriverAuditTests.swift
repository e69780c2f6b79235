import FolioModel
import FolioScenario
import Testing

/// The driver step (dmirror in lib/test_hmm.c) audited against v7.0's dmirror, branch by
/// branch: what `dst[]` holds per slot when it hands over to `migrate_vma_pages`, and the lock,
/// refcount, order and content of every destination it allocated (see DECISIONS.md, "The driver
/// step, audited against v7.0's dmirror").
@Suite("The driver step, audited against v7.0's dmirror")
struct DriverAuditTests {
  /// The machine as the driver leaves it: after its last step, before `migrate_vma_pages`.
  func afterDriver(_ timeline: Timeline) throws -> Machine {
    let last = try #require(timeline.steps.last { $0.phase == .driver && $0.function != "dmirror_migrate_finalize_and_map" })
    return timeline.state(at: last.index)
  }

  /// Every page of `count` from `head` is a destination as dmirror makes it: refcount 1 and
  /// locked on the head (zone_device_folio_init, or alloc + lock_page), of `order`, holding
  /// what the pages from `source` held (zeros for a hole).
  func expectDestination(_ machine: Machine, head: PFN, order: Int, source: PFN?, sourceContent: UInt64 = 0,
                         pages: [Int]) {
    let frame = machine.frame(head)
    #expect(frame?.refcount == 1 && frame?.lockedBy == .driver && frame?.order == order, "\(String(describing: frame))")
    for k in pages {
      let page = machine.frame(head + UInt64(k))
      #expect(page?.head == head && page?.free == false)
      #expect(page?.content == (source == nil ? 0 : sourceContent + UInt64(k)), "page \(k)")
    }
  }

  @Test("Small slots to the device: W from src only (v6.8 also for a hole in a VM_WRITE VMA), a device page skipped",
        arguments: KernelVersion.allCases)
  func smallSlotsToTheDevice(kernel: KernelVersion) throws {
    let scenario = specScenario(
      folios: [FolioSpec(pfn: 0x100, content: 0x5000), FolioSpec(pfn: 0x101, content: 0x6000), FolioSpec(pfn: 0x80f)],
      mappings: [MappingSpec(page: 0, entry: .present, pfn: 0x100, write: true),
                 MappingSpec(page: 1, entry: .present, pfn: 0x101, write: false),
                 MappingSpec(page: 3, entry: .devicePrivate, pfn: 0x80f, write: true)],
      pages: 4, select: [.system, .devicePrivate])
    let timeline = Simulation.run(scenario, kernel: kernel)
    #expect(timeline.violations.isEmpty, "\(timeline.violations)")
    let machine = try afterDriver(timeline)
    let call = machine.calls[0]
    // The hole's src is M alone; DEV0's own page is collected (V|M|W) and warned about.
    #expect(Array(call.src) == [0x400b, 0x4043, 0x2, 0x203cb])
    #expect(Array(call.dst) == [0x20009, 0x20041, kernel == .v6_8 ? 0x20089 : 0x20081, 0])
    #expect(timeline.steps.contains { $0.phase == .driver && $0.label == "skip" && $0.slot == 3 })
    expectDestination(machine, head: 0x800, order: 0, source: 0x100, sourceContent: 0x5000, pages: [0])
    expectDestination(machine, head: 0x801, order: 0, source: 0x101, sourceContent: 0x6000, pages: [0])
    expectDestination(machine, head: 0x802, order: 0, source: nil, pages: [0])
    #expect(machine.frame(0x803)?.free == true, "nothing is allocated for the skipped slot")
  }

  @Test("A THP to the device: one order-9 device folio, dst[0] = pfn | V|W|C, the other 511 slots 0")
  func aTHPToTheDevice() throws {
    let timeline = Simulation.run(thpScenario(select: [.system, .compound]), kernel: .v7_0)
    #expect(timeline.violations.isEmpty, "\(timeline.violations)")
    let machine = try afterDriver(timeline)
    #expect(Array(machine.calls[0].dst) == [0x20019] + Array(repeating: 0, count: 511))
    expectDestination(machine, head: 0x800, order: 9, source: 0x200, sourceContent: 0x200 << 16, pages: [0, 1, 300, 511])
    let map = try #require(timeline.steps.first { $0.function == "dmirror_migrate_finalize_and_map" })
    #expect(map.text.contains("for the 1 entry still MIGRATE in 512 page-table entries"), "\(map.text)")
  }

  @Test("FAIL_ALLOC on a THP to the device: 512 small device pages, dst = pfn | V|W without C, each copied")
  func failAllocFallsBackToSmallDevicePages() throws {
    let timeline = Simulation.run(thpScenario(select: [.system, .compound], driver: DriverSpec(failCompoundAlloc: true)),
                                  kernel: .v7_0)
    #expect(timeline.violations.isEmpty, "\(timeline.violations)")
    let machine = try afterDriver(timeline)
    #expect(Array(machine.calls[0].dst) == mpfns(from: 0x800, count: 512, flags: 0x9))
    for k in [0, 7, 511] {
      expectDestination(machine, head: 0x800 + UInt64(k), order: 0, source: 0x200 + UInt64(k),
                        sourceContent: (0x200 << 16) + UInt64(k), pages: [0])
    }
    // Small dst entries: one device page-table entry each, so the count is not repeated.
    let map = try #require(timeline.steps.first { $0.function == "dmirror_migrate_finalize_and_map" })
    #expect(map.text.contains("512 entries still MIGRATE (write permission"), "\(map.text)")
  }

  @Test("A compound hole to the device: an order-9 zeroed folio with dst = pfn | V|C (no W); with FAIL_ALLOC 512 zeroed pages")
  func aCompoundHoleToTheDevice() throws {
    func run(_ driver: DriverSpec) throws -> Machine {
      var scenario = thpScenario(select: [.system, .compound], driver: driver)
      scenario.folios = []
      scenario.processes[0].vmas[0].mappings = []
      let timeline = Simulation.run(scenario, kernel: .v7_0)
      #expect(timeline.violations.isEmpty, "\(timeline.violations)")
      return try afterDriver(timeline)
    }
    let whole = try run(DriverSpec())
    #expect(whole.calls[0].src[0] == 0x12)
    #expect(Array(whole.calls[0].dst) == [0x20011] + Array(repeating: 0, count: 511))
    expectDestination(whole, head: 0x800, order: 9, source: nil, pages: [0, 511])
    let small = try run(DriverSpec(failCompoundAlloc: true))
    #expect(Array(small.calls[0].dst) == mpfns(from: 0x800, count: 512, flags: 0x1))
    expectDestination(small, head: 0x9ff, order: 0, source: nil, pages: [0])
  }

  @Test("A THP to the device whose every allocation fails: dst stays 0, and the step says dmirror's fallback would oops")
  func aCompoundSlotWhoseAllocationsAllFail() throws {
    let timeline = Simulation.run(thpScenario(select: [.system, .compound], driver: DriverSpec(failAlloc: [0])), kernel: .v7_0)
    #expect(timeline.violations.isEmpty, "\(timeline.violations)")
    let machine = try afterDriver(timeline)
    #expect(machine.calls[0].dst.allSatisfy { $0 == 0 })
    #expect(machine.frames.allSatisfy { !$0.zone.isDevice || $0.free })
    // The step stands on the listing's fallback line, where dmirror's unchecked small page is.
    let failed = try #require(timeline.steps.first { $0.label == "fallback" && $0.failed })
    #expect(failed.text.contains("then for the first small page of dmirror's fallback, which it does not check (the "
      + "kernel would oops on the NULL page"), "\(failed.text)")
  }

  @Test("A to-device fallback that runs out of device pages says dmirror would oops on the first NULL page")
  func aToDeviceFallbackThatRunsOut() throws {
    var scenario = thpScenario(select: [.system, .compound], driver: DriverSpec(failCompoundAlloc: true))
    scenario.memory.devices = [DeviceSpec(name: "DEV0", type: .devicePrivate, range: PfnRange(start: 0x800, count: 4))]
    let timeline = Simulation.run(scenario, kernel: .v7_0)
    #expect(timeline.violations.isEmpty, "\(timeline.violations)")
    let machine = try afterDriver(timeline)
    #expect(Array(machine.calls[0].dst) == mpfns(from: 0x800, count: 4, flags: 0x9) + Array(repeating: 0, count: 508))
    let fallback = try #require(timeline.steps.first { $0.label == "fallback" })
    #expect(fallback.text.contains("dst[4…511] stay 0); dmirror does not check these allocations (the kernel would oops"),
            "\(fallback.text)")
  }

  /// Process A's PMD maps DEV0's order-9 device-private folio at 0x800; the driver migrates it
  /// back with SELECT_DEVICE_PRIVATE | SELECT_COMPOUND, as dmirror_migrate_to_system does.
  func deviceTHPToRAM(_ driver: DriverSpec) -> Scenario {
    var scenario = thpScenario(select: [.devicePrivate, .compound], driver: driver)
    scenario.folios = [FolioSpec(pfn: 0x800, order: 9, content: 0x7000)]
    scenario.processes[0].vmas[0].mappings = [MappingSpec(page: 0, entry: .devicePrivatePMD, pfn: 0x800, write: true)]
    return scenario
  }

  @Test("A device THP to RAM: vma_alloc_folio's order-9 folio, locked, dst = C|W|pfn; FAIL_ALLOC: 512 small pages without W")
  func aDeviceTHPToRAM() throws {
    let whole = Simulation.run(deviceTHPToRAM(DriverSpec()), kernel: .v7_0)
    #expect(whole.violations.isEmpty, "\(whole.violations)")
    let machine = try afterDriver(whole)
    #expect(machine.calls[0].src[0] == 0x2001b)
    #expect(Array(machine.calls[0].dst) == [0x8019] + Array(repeating: 0, count: 511))
    expectDestination(machine, head: 0x200, order: 9, source: 0x800, sourceContent: 0x7000, pages: [0, 100, 511])
    let small = Simulation.run(deviceTHPToRAM(DriverSpec(failCompoundAlloc: true)), kernel: .v7_0)
    #expect(small.violations.isEmpty, "\(small.violations)")
    let pieces = try afterDriver(small)
    // The fault path's small pages get migrate_pfn() alone: no W, though src has it.
    #expect(Array(pieces.calls[0].dst) == mpfns(from: 0x100, count: 512, flags: 0x1))
    expectDestination(pieces, head: 0x100 + 300, order: 0, source: 0x800 + 300, sourceContent: 0x7000 + 300, pages: [0])
  }
}
