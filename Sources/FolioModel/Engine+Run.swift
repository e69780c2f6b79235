import FolioScenario

extension Engine {
  /// Runs scenario call `index` with its driver sequence and the events around it.
  mutating func runCall(_ index: Int) {
    switch scenario.calls[index] {
    case .migrateVMA(let args):
      migrateVMASequence(args, scenarioCall: index)
    case .migrateDeviceRange(let startPfn, let pages, let driver):
      let pfns = (0..<max(0, pages)).map { startPfn + UInt64($0) }
      migrateDeviceSequence(.migrateDeviceRange, pfns: pfns, driver: driver, scenarioCall: index)
    case .migrateDevicePfns(let pfns, let driver):
      migrateDeviceSequence(.migrateDevicePfns, pfns: pfns, driver: driver, scenarioCall: index)
    case .migrateDeviceCoherentFolio(let pfn):
      migrateDeviceCoherentFolio(pfn, scenarioCall: index)
    case .cpuFault(let process, let address, let write, let driver):
      let thread = "T\(nextThread)"
      nextThread += 1
      cpuAccess(thread: thread, process: process, address: address, write: write, driver: driver)
    }
  }

  /// The driver's sequence of Documentation/mm/hmm.rst: setup, allocate and copy, pages,
  /// device page-table update (towards the device only), finalize. Returns false when the
  /// driver gave up for lack of memory on the way to RAM (migrate_to_ram returns VM_FAULT_OOM).
  /// `scenarioCall` is -1 for the migration the model's own fault handler makes.
  @discardableResult
  mutating func migrateVMASequence(_ args: MigrateVMACall, scenarioCall: Int) -> Bool {
    guard migrateVMASetup(args, fromFaultHandler: scenarioCall < 0) == 0 else {
      runEvents(call: scenarioCall, at: .afterSetup)
      return true
    }
    runEvents(call: scenarioCall, at: .afterSetup)
    guard driverAllocateAndCopy(args.driver, toDevice: !isToRAM(args)) else {
      // dmirror_devmem_fault: an allocation error finalizes at once and returns VM_FAULT_OOM.
      // There is no before_pages or after_pages, but finalize did run.
      skipEvents(call: scenarioCall, at: [.beforePages, .afterPages])
      migrateVMAFinalize(pagesRan: false)
      wakeWaiters()
      runEvents(call: scenarioCall, at: .afterFinalize)
      return false
    }
    runEvents(call: scenarioCall, at: .beforePages)
    migrateVMAPages()
    runEvents(call: scenarioCall, at: .afterPages)
    // Only a migration to the device maps the new pages in the device's page table; on the way
    // back, dmirror's alloc-and-copy has already erased the device's entries.
    if !isToRAM(args) { driverUpdateDevicePageTable() }
    migrateVMAFinalize()
    wakeWaiters()
    runEvents(call: scenarioCall, at: .afterFinalize)
    return true
  }

  /// A call that selects only device pages moves data back to system RAM.
  func isToRAM(_ args: MigrateVMACall) -> Bool {
    !args.select.contains(.system) && !args.select.intersection([.devicePrivate, .deviceCoherent]).isEmpty
  }

  /// The scenario's events for `call` at `points` the call never reaches: nothing they do
  /// happens, so a reference one of them would take is not there for a later put to drop.
  mutating func skipEvents(call scenarioCall: Int, at points: Set<EventPoint>) {
    for event in scenario.events where event.call == scenarioCall && points.contains(event.at) {
      if case .getReference(let pfn) = event.action { refusedReferences[pfn, default: 0] += 1 }
    }
  }

  /// Runs the scenario's events for `call` at `point`.
  mutating func runEvents(call scenarioCall: Int, at point: EventPoint) {
    for event in scenario.events where event.call == scenarioCall && event.at == point {
      runEvent(event.action)
    }
  }
}
