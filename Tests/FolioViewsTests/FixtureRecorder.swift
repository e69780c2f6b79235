import FolioModel
import FolioScenario

/// Builds hand-made timelines for view tests: each step mutates a working machine and the
/// recorder turns the difference into the step's `Change` list, as the engine would.
struct FixtureRecorder {
  var machine: Machine
  var steps: [Step] = []
  let initial: Machine

  init(machine: Machine, text: String) {
    self.machine = machine
    initial = machine
    steps.append(
      Step(
        index: 0, phase: .start, function: "start", label: "start", call: nil, slot: nil, pfn: nil,
        text: text,
        changes: [], failed: false))
  }

  mutating func step(
    _ phase: Phase, _ function: String, _ label: String, call: Int? = 0, slot: Int? = nil,
    pfn: PFN? = nil,
    failed: Bool = false, _ text: String, _ mutate: (inout Machine) -> Void
  ) {
    let before = machine
    mutate(&machine)
    steps.append(
      Step(
        index: steps.count, phase: phase, function: function, label: label, call: call, slot: slot,
        pfn: pfn,
        text: text, changes: Self.changes(from: before, to: machine), failed: failed))
  }

  func timeline(_ scenario: Scenario, kernel: KernelVersion) -> Timeline {
    Timeline(scenario: scenario, kernel: kernel, initial: initial, steps: steps)
  }

  static func changes(from a: Machine, to b: Machine) -> [Change] {
    var changes: [Change] = []
    for (old, new) in zip(a.frames, b.frames) { Change.record(old, new, into: &changes) }
    for p in a.processes.indices {
      let vpns = Set(a.processes[p].ptes.keys).union(b.processes[p].ptes.keys).sorted()
      for vpn in vpns where a.processes[p].ptes[vpn] != b.processes[p].ptes[vpn] {
        changes.append(
          .pte(
            process: p, vpn: vpn, before: a.processes[p].ptes[vpn] ?? .none,
            after: b.processes[p].ptes[vpn] ?? .none))
      }
    }
    for c in b.calls.indices {
      guard c < a.calls.count else {
        var added = b.calls[c]
        added.src = ChunkedArray(repeating: 0, count: added.src.count)
        added.dst = added.src
        (added.cpages, added.npages, added.setupResult) = (0, 0, nil)
        changes.append(.callAdded(added))
        return changes + arrayChanges(call: c, from: added, to: b.calls[c])
      }
      changes += arrayChanges(call: c, from: a.calls[c], to: b.calls[c])
    }
    return changes
  }

  static func arrayChanges(call c: Int, from a: MigrateCall, to b: MigrateCall) -> [Change] {
    var changes: [Change] = []
    for s in a.src.indices where a.src[s] != b.src[s] {
      changes.append(.src(call: c, slot: s, before: a.src[s], after: b.src[s]))
    }
    for s in a.dst.indices where a.dst[s] != b.dst[s] {
      changes.append(.dst(call: c, slot: s, before: a.dst[s], after: b.dst[s]))
    }
    let before = CallCounters(cpages: a.cpages, npages: a.npages, setupResult: a.setupResult)
    let after = CallCounters(cpages: b.cpages, npages: b.npages, setupResult: b.setupResult)
    if before != after { changes.append(.counters(call: c, before: before, after: after)) }
    return changes
  }
}

extension Machine {
  /// Test shorthand: edits the frame of `pfn` in place.
  mutating func edit(_ pfn: PFN, _ body: (inout PageFrame) -> Void) {
    guard let i = index(of: pfn) else { fatalError("no pfn \(pfn)") }
    body(&frames[i])
  }

  /// Test shorthand: makes `pfn…` one allocated folio of `order` (refcount and mapcount on the head).
  mutating func allocate(
    _ pfn: PFN, order: Int = 0, mapping: FolioMapping = .anon, lru: Bool = true, mapped: Int = 1
  ) {
    for page in pfn..<pfn + (1 << UInt64(order)) {
      edit(page) {
        $0.free = false
        $0.head = pfn
        $0.order = order
        $0.mapping = mapping
        $0.lru = lru && $0.zone == .normal
        $0.content = 0xc0de_0000 + page
        if page == pfn {
          $0.refcount = mapped + 1
          $0.mapcount = mapped
        }
      }
    }
  }

  mutating func free(_ pfn: PFN) {
    let order = frame(pfn)?.order ?? 0
    for page in pfn..<pfn + (1 << UInt64(order)) {
      edit(page) { $0 = PageFrame(pfn: page, zone: $0.zone, region: $0.region) }
    }
  }
}
