/// Meaning checks of a call's `driver:`: slots that exist, destinations in the memory the
/// driver allocates from, and settings that contradict each other.
extension ValidationRun {
  /// The driver's slot lists and destinations; `allocatesFrom` names the memory it allocates
  /// from ("system" or a device), when known, which a `dst` pfn should be in.
  func checkDriver(_ driver: DriverSpec, _ path: String, slots: Int?, allocatesFrom: String?) {
    if let source = driver.allocateFrom, source != "system" {
      checkName(source, path + ".allocate_from", kind: "device", known: deviceNames + ["system"])
    }
    for (key, list) in [("decline", driver.decline), ("fail_alloc", driver.failAlloc), ("mark_compound", driver.markCompound)] {
      for (i, slot) in list.enumerated() where slots.map({ slot >= $0 }) ?? false {
        error("\(path).\(key)[\(i)]", "slot \(slot) does not exist; the call has \(slots ?? 0) slots (0…\((slots ?? 1) - 1))")
      }
    }
    if !driver.markCompound.isEmpty && !scenario.kernel.hasCompound {
      warning(path + ".mark_compound", "MIGRATE_PFN_COMPOUND came with the v6.19 THP series; a "
        + "\(scenario.kernel.rawValue) driver has no such flag (the run leaves it out)")
    }
    var firstSlot: [UInt64: Int] = [:]
    for (slot, pfn) in driver.dst.sorted(by: { $0.key < $1.key }) {
      if let slots, slot >= slots { error("\(path).dst[\(slot)]", "slot \(slot) does not exist; the call has \(slots) slots") }
      checkContradiction(driver, slot: slot, pfn: pfn, earlier: firstSlot[pfn], "\(path).dst[\(slot)]")
      if firstSlot[pfn] == nil && !driver.decline.contains(slot) && !driver.failAlloc.contains(slot) { firstSlot[pfn] = slot }
      guard let zone = memory.zone(of: pfn) else {
        error("\(path).dst[\(slot)]", memory.outside(pfn))
        continue
      }
      let name = if case .device(let index, _) = zone { deviceNames[index] } else { "system" }
      if let allocatesFrom, name != allocatesFrom {
        warning("\(path).dst[\(slot)]", "\(hex(pfn)) is in \(name == "system" ? "system RAM" : name), but this driver "
          + "allocates from \(allocatesFrom == "system" ? "system RAM" : allocatesFrom); name one of its pages or set allocate_from")
      }
    }
  }

  /// A destination the run would not use as written: the slot is declined or fails its
  /// allocation (both are checked first), or an earlier slot takes the same page.
  private func checkContradiction(_ driver: DriverSpec, slot: Int, pfn: UInt64, earlier: Int?, _ path: String) {
    if driver.decline.contains(slot) {
      warning(path, "slot \(slot) is also in decline; decline wins at run time: the driver leaves dst[\(slot)] = 0 and "
        + "never uses \(hex(pfn))")
    } else if driver.failAlloc.contains(slot) {
      warning(path, "slot \(slot) is also in fail_alloc; its allocation fails at run time and \(hex(pfn)) is never used")
    } else if let earlier {
      warning(path, "\(hex(pfn)) is also the destination of slot \(earlier); slot \(slot) finds it taken at run time and "
        + "gets no page")
    }
  }
}
