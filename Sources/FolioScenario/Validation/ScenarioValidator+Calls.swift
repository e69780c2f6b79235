/// Meaning checks of `calls:` and of `expect:` (whose arrays have one entry per slot of a call).
extension ValidationRun {
  var deviceNames: [String] { scenario.memory.devices.map(\.name) }

  func checkCalls() {
    let slots = scenario.calls.reduce(0) { $0 + min(ScenarioLimits.maxSlotsInAll + 1, max(0, $1.fixedSlotCount ?? 0)) }
    if slots > ScenarioLimits.maxSlotsInAll {
      error("calls", "the calls have more than \(ScenarioLimits.maxSlotsInAll) slots in all, the most a scenario may "
        + "have (a run records a few hundred bytes a slot); split the scenario")
    }
    for (index, call) in scenario.calls.enumerated() {
      let path = "calls[\(index)]"
      switch call {
      case .migrateVMA(let args):
        checkMigrateVMA(args, call: index, path + ".migrate_vma")
      case .migrateDeviceRange(let start, let pages, let driver):
        let body = path + ".migrate_device_range"
        if !(1...ScenarioLimits.maxPages).contains(pages) {
          error(body + ".pages", "expected 1…\(ScenarioLimits.maxPages) pages, found \(pages)")
        } else if memory.zone(of: start) == .system {
          let devices = scenario.memory.devices.map { "\($0.name) \(hex($0.range.start))–\(hex($0.range.end - 1))" }
          error(body + ".start_pfn", "\(hex(start)) is system RAM; migrate_device_range evicts a device's pages: "
            + (devices.isEmpty ? "this scenario has no device memory" : "start in " + devices.joined(separator: " or ")))
        } else if !memory.containsRun(start: start, count: pages) {
          error(body + ".start_pfn", "pfns \(hex(start))…\(hex(start &+ UInt64(pages) &- 1)) are not all in one device's memory")
        }
        checkDriver(driver, body + ".driver", slots: pages, allocatesFrom: driver.allocateFrom ?? "system")
      case .migrateDevicePfns(let pfns, let driver):
        let body = path + ".migrate_device_pfns"
        if !scenario.kernel.hasMigrateDevicePfns {
          warning(body, "migrate_device_pfns came with v6.15; a \(scenario.kernel.rawValue) driver can only use "
            + "migrate_device_range (the run shows it anyway)")
        }
        if !(1...ScenarioLimits.maxPages).contains(pfns.count) {
          error(body + ".pfns", "expected 1…\(ScenarioLimits.maxPages) pfns, found \(pfns.count)")
        }
        for (i, pfn) in pfns.enumerated() where memory.zone(of: pfn) == nil || memory.zone(of: pfn) == .system {
          error("\(body).pfns[\(i)]", "\(hex(pfn)) is not a device pfn")
        }
        checkDriver(driver, body + ".driver", slots: pfns.count, allocatesFrom: driver.allocateFrom ?? "system")
      case .migrateDeviceCoherentFolio(let pfn):
        guard case .device(_, .deviceCoherent) = memory.zone(of: pfn), let folioIndex = folios.folio(containing: pfn) else {
          error(path + ".migrate_device_coherent_folio.pfn", "expected a device-coherent page in use; \(hex(pfn)) is not")
          break
        }
        let folio = scenario.folios[folioIndex]
        // The caller's reference: one of the folio's own, or one an event took before this call,
        // not dropped or consumed by an earlier coherent call since. Never a pin: GUP turns its
        // FOLL_PIN into a plain reference (folio_get, then the unpin) before it calls, as a pin
        // would fail the migration's refcount check.
        let before = scenario.events.filter { $0.call < index }
        let taken = before.filter { $0.action == .getReference(pfn: folio.pfn) }.count
        let dropped = before.filter { $0.action == .putReference(pfn: folio.pfn) }.count
        let consumed = scenario.calls[..<index].filter { $0 == .migrateDeviceCoherentFolio(pfn: folio.pfn) }.count
        if folio.extraRefs + taken - dropped - consumed <= 0 {
          warning(path + ".migrate_device_coherent_folio.pfn", "\(hex(folio.pfn)) has no reference left for the caller "
            + "(get_user_pages with FOLL_LONGTERM) to hold, which the migration consumes; without it the folio is "
            + "freed under the migration (set extra_refs: 1, or get_reference before the call)"
            + (consumed > 0 ? "; an earlier migrate_device_coherent_folio consumed one" : "")
            + (folio.pins > 0 ? "; its pins are not that reference: GUP converts its pin into a plain reference "
              + "before the call, and a pin still held makes the migration fail" : ""))
        }
        if folio.order > 0 {
          warning(path + ".migrate_device_coherent_folio.pfn", "\(hex(folio.pfn)) is an order-\(folio.order) folio: the "
            + "kernel warns (WARN_ON_ONCE on a large folio) and migrates small folios only, so the call returns -EBUSY")
        }
      case .cpuFault(let process, let address, _, let driver):
        let body = path + ".cpu_fault"
        if checkName(process, body + ".process", kind: "process", known: processNames) {
          checkAddress(address, in: process, body + ".address")
        }
        checkDriver(driver, body + ".driver", slots: nil, allocatesFrom: driver.allocateFrom ?? "system")
      }
    }
  }

  /// `call`: the call's index, to record a refusal at setup under.
  private func checkMigrateVMA(_ args: MigrateVMACall, call: Int, _ path: String) {
    /// A warning that migrate_vma_setup returns -EINVAL, remembered for the event checks.
    func refused(_ path: String, _ why: String, warn: Bool = true) {
      if warn { warning(path, why + ": migrate_vma_setup returns -EINVAL") }
      refusedAtSetup[call] = refusedAtSetup[call] ?? why
    }
    if args.nullSrc || args.nullDst { refused(path, "the \(args.nullSrc ? "src" : "dst") array is NULL", warn: false) }
    if args.select.contains(.compound) && !scenario.kernel.hasCompound {
      warning(path + ".select", "compound came with the v6.19 THP series; \(scenario.kernel.rawValue) ignores it")
    }
    if let owner = args.owner { checkName(owner, path + ".owner", kind: "device", known: deviceNames) }
    if let faultPage = args.faultPage {
      if folios.folio(containing: faultPage) == nil {
        error(path + ".fault_page", "\(hex(faultPage)) is not a page in use")
      } else if !(memory.zone(of: faultPage)?.isDevicePrivate ?? false) {
        refused(path + ".fault_page", "\(hex(faultPage)) is not device-private")
      } else if scenario.kernel.faultPageArrivesLocked,
                let index = folios.folio(containing: faultPage), !scenario.folios[index].lockedByOther {
        warning(path + ".fault_page", "\(hex(faultPage)) is not locked: since v6.15 do_swap_page locks the fault page "
          + "first and migrate_vma_setup returns -EINVAL without it (set locked_by_other)")
        refused(path + ".fault_page", "fault_page \(hex(faultPage)) is not locked", warn: false)
      } else if let index = folios.folio(containing: faultPage), scenario.folios[index].extraRefs == 0 {
        warning(path + ".fault_page", "\(hex(faultPage)) has no extra reference: do_swap_page holds one while "
          + "migrate_to_ram runs, and without it folio_migrate_mapping's count check fails (set extra_refs: 1)")
      }
    }
    let slots = CallSpec.migrateVMA(args).fixedSlotCount
    if let slots, slots > ScenarioLimits.maxPages {
      error(path + ".pages", "expected at most \(ScenarioLimits.maxPages) pages, found \(slots)")
    }
    // Towards RAM (only device memory selected) the driver allocates system pages, else on its own device.
    let toRAM = !args.select.contains(.system) && !args.select.isDisjoint(with: [.devicePrivate, .deviceCoherent])
    checkDriver(args.driver, path + ".driver", slots: slots, allocatesFrom: args.driver.allocateFrom ?? (toRAM ? "system" : args.owner))
    // The newest dmirror gives up on the way to RAM at its first failed allocation, and
    // finalizes without migrate_vma_pages: slots before it that got a destination are stranded.
    if toRAM, scenario.kernel != .v6_8, !args.driver.failAlloc.isEmpty { givesUpInDriver.insert(call) }
    if toRAM, scenario.kernel != .v6_8, args.driver.failAlloc.contains(where: { $0 > 0 }) {
      warning(path + ".driver.fail_alloc", "on the way to RAM dmirror gives up at a failed allocation and finalizes "
        + "without migrate_vma_pages: a slot before it that got a destination keeps its migration entry, naming a page "
        + "finalize frees (a driver bug the run shows, and its invariant check reports)")
    }
    guard checkName(args.process, path + ".process", kind: "process", known: processNames) else { return }
    guard args.end >= args.start else {
      error(path + ".end", "\(hex(args.end)) is below start \(hex(args.start)): migrate_vma_setup computes nr_pages from "
        + "the unsigned difference, a huge count; with an end inside the VMA it goes on and clears src far past its "
        + "end; give an end above start")
      return
    }
    guard let slots, slots > 0 else {
      refused(path, "the range \(hex(args.start))…\(hex(args.end)) holds no whole page")
      return
    }
    let vmas = scenario.processes.first { $0.name == args.process }?.vmas ?? []
    let start = args.start & ~(ScenarioLimits.pageSize - 1)
    let end = args.end & ~(ScenarioLimits.pageSize - 1)
    if (end - start) >> 12 > slots {
      error(path + ".start", "\(hex(args.start)) is not page-aligned: migrate_vma_setup sizes src and dst by "
        + "(end - start) >> 12 = \(slots) but walks the page-aligned range, \((end - start) >> 12) pages, so it would "
        + "write past both arrays; align start (and end) to 4096")
    }
    guard let vma = vmas.first(where: { validVMA($0) && start >= $0.start && start < $0.end }) else {
      // A VMA with an error of its own may be the one meant: its error is the one to fix.
      if vmas.allSatisfy(validVMA) {
        refused(path + ".start", "\(hex(args.start)) is in no VMA of process \(args.process)")
      }
      return
    }
    if let flag = vma.special.first {
      // Meant (a scenario about setup's checks): told only to the events it strands.
      refused(path, "its VMA at \(hex(vma.start)) is \(flag.rawValue)", warn: false)
    }
    if end > vma.end {
      refused(path, "the range ends at \(hex(args.end)), past its VMA's end \(hex(vma.end))")
    }
    // dmirror checks VM_READ on each VMA before migrate_vma_setup; its fault path does not.
    if !vma.readable && args.faultPage == nil {
      warning(path, "the range's VMA at \(hex(vma.start)) has no read permission (prot: none): the reference driver "
        + "(lib/test_hmm.c) refuses such a range with -EINVAL before it calls migrate_vma_setup; the simulation shows "
        + "what the core itself does")
    }
  }

  private func validVMA(_ vma: VMASpec) -> Bool {
    (1...ScenarioLimits.maxPages).contains(vma.pages) && vma.start <= UInt64.max - UInt64(vma.pages) * ScenarioLimits.pageSize
  }

  /// A warning (the simulation shows a segfault) when `address` is in no VMA of `process`.
  func checkAddress(_ address: UInt64, in process: String, _ path: String) {
    let vmas = scenario.processes.first { $0.name == process }?.vmas ?? []
    if vmas.allSatisfy(validVMA), !vmas.contains(where: { address >= $0.start && address < $0.end }) {
      warning(path, "\(hex(address)) is in no VMA of process \(process): the access would fault with SIGSEGV")
    }
  }

  func checkExpectations() {
    let direct = directlyIndexedCalls(scenario.calls, events: scenario.events)
    for (version, expectation) in scenario.expectations.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
      let path = "expect.\(version.rawValue)"
      for (index, outcome) in expectation.calls.enumerated() where index < direct {
        let call = scenario.calls[index]
        guard let slots = call.fixedSlotCount else { continue }
        let nulls: (src: Bool, dst: Bool) = if case .migrateVMA(let args) = call { (args.nullSrc, args.nullDst) } else { (false, false) }
        for (key, array, isNull) in [("src", outcome.src, nulls.src), ("dst", outcome.dst, nulls.dst)] where !isNull && array.count != slots {
          error("\(path).calls[\(index)].\(key)", "expected \(slots) entries (one per slot of calls[\(index)]), found "
            + "\(array.count); if the calls changed on purpose, update or delete this expect block")
        }
      }
      for (index, pte) in expectation.ptes.enumerated() {
        let at = "\(path).ptes[\(index)]"
        guard checkName(pte.process, at + ".process", kind: "process", known: processNames) else { continue }
        let vmas = scenario.processes.first { $0.name == pte.process }?.vmas ?? []
        if pte.entry != "none", vmas.allSatisfy(validVMA), !vmas.contains(where: { $0.start <= pte.address && pte.address < $0.end }) {
          warning(at + ".address", "\(hex(pte.address)) is in no VMA of process \(pte.process): no entry can be there, so "
            + "'\(pte.entry)' never matches")
        }
      }
      for (index, page) in expectation.pages.enumerated() where memory.zone(of: page.pfn) == nil {
        warning("\(path).pages[\(index)].pfn", memory.outside(page.pfn) + ": this never matches")
      }
    }
  }
}
