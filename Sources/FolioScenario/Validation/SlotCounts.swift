/// How many `src`/`dst` entries the calls of a scenario have, shared by the decoder (which
/// expands a sparse `{slot: value}` expectation to a full array) and the validator (which checks
/// the length of a full one).
extension CallSpec {
  /// The number of slots of the call, when the scenario fixes it (a CPU fault has none).
  var fixedSlotCount: Int? {
    switch self {
    case .migrateVMA(let args):
      // nr_pages is computed from the unmasked range (spec §5.1).
      return args.end > args.start ? Int(clamping: (args.end - args.start) >> 12) : 0
    case .migrateDeviceRange(_, let pages, _): return pages
    case .migrateDevicePfns(let pfns, _): return pfns.count
    case .migrateDeviceCoherentFolio: return 1
    case .cpuFault: return nil
    }
  }
}

/// `expect.calls` lists the migrate invocations in the order they run, and a CPU fault may add
/// one (`migrate_to_ram`). So outcome i belongs to `calls[i]` only before the first call or event
/// that can fault: this is how many outcomes do.
func directlyIndexedCalls(_ calls: [CallSpec], events: [EventSpec]) -> Int {
  let firstFaultCall = calls.firstIndex { if case .cpuFault = $0 { true } else { false } }
  let afterFirstAccess = events.compactMap { event -> Int? in
    // A call past the last (an error of its own) counts as the last.
    if case .cpuAccess = event.action { return min(event.call, calls.count - 1) + 1 }
    return nil
  }.min()
  return min(firstFaultCall ?? calls.count, afterFirstAccess ?? calls.count)
}

/// What a scenario's calls fix about its `expect.calls`: the slot count of each outcome that
/// belongs to one call, and how many outcomes there are when no CPU access can add a call.
struct ExpectedCalls {
  /// Per outcome that belongs to `calls[i]`, its slot count (nil for a CPU fault).
  var slots: [Int?]
  /// The number of calls, when no `cpu_fault` call or `cpu_access` event can add one.
  var count: Int?

  init(_ calls: [CallSpec], events: [EventSpec]) {
    slots = calls.prefix(directlyIndexedCalls(calls, events: events)).map(\.fixedSlotCount)
    let faults = calls.contains { if case .cpuFault = $0 { true } else { false } }
      || events.contains { if case .cpuAccess = $0.action { true } else { false } }
    count = faults ? nil : calls.count
  }
}
