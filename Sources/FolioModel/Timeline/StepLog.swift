/// Where in the kernel a step is: its phase, function and listing label. A run has a few dozen
/// of these, so steps name them by number.
struct StepSite: Sendable, Hashable {
  var phase: Phase
  var function: String
  var label: String
}

/// One step as stored (48 bytes): its text, the end of its changes in the log, and its site,
/// call, slot and pfn packed with sentinels for "none".
struct StepRecord: Sendable {
  static let noCall = UInt16.max
  static let noSlot = UInt32.max

  var body: StepText
  var pfn: PFN
  var end: UInt32
  var slot: UInt32
  var site: UInt16
  var call: UInt16
  var hasPFN: Bool
  var failed: Bool
}

/// Every step of a run in compact form: one flat log of changes, shared by all steps, and one
/// small record per step naming its range in that log, instead of a `Step` with its own array
/// each (a million-slot run has four million steps). `Step` values are made when read.
struct StepLog: Sendable {
  /// Every change of every step, in order; step i's are `changes[end(i - 1)..<end(i)]`.
  private(set) var changes: [Change] = []
  private var records: [StepRecord] = []
  private var sites: [StepSite] = []
  private var siteNumbers: [StepSite: UInt16] = [:]

  var count: Int { records.count }

  /// Where the changes of step `index` begin in `changes`.
  private func start(of index: Int) -> Int { index == 0 ? 0 : Int(records[index - 1].end) }

  /// The changes of step `index`.
  func changes(of index: Int) -> ArraySlice<Change> { changes[start(of: index)..<Int(records[index].end)] }

  /// The changes recorded since the last step was closed.
  var pending: ArraySlice<Change> { changes[(records.last.map { Int($0.end) } ?? 0)...] }

  mutating func append(_ change: Change) { changes.append(change) }

  /// Records the changes from frame `before` to `after` (see `Change.record`).
  mutating func record(_ before: PageFrame, _ after: PageFrame) { Change.record(before, after, into: &changes) }

  /// Drops the changes recorded since the last step (the initial machine's construction).
  mutating func discardPending() { changes.removeSubrange(pending.indices) }

  /// Closes a step with every change recorded since the previous one.
  mutating func close(_ site: StepSite, call: Int?, slot: Int?, pfn: PFN?, body: StepText, failed: Bool) {
    precondition(changes.count < UInt32.max && (call ?? 0) < Int(StepRecord.noCall)
                 && (slot ?? 0) < Int(StepRecord.noSlot), "timeline too large for its compact records")
    records.append(StepRecord(body: body, pfn: pfn ?? 0, end: UInt32(changes.count),
                              slot: slot.map { UInt32($0) } ?? StepRecord.noSlot, site: number(of: site),
                              call: call.map { UInt16($0) } ?? StepRecord.noCall, hasPFN: pfn != nil, failed: failed))
  }

  private mutating func number(of site: StepSite) -> UInt16 {
    if let number = siteNumbers[site] { return number }
    precondition(sites.count < Int(UInt16.max), "too many distinct step sites")
    sites.append(site)
    siteNumbers[site] = UInt16(sites.count - 1)
    return UInt16(sites.count - 1)
  }

  /// The phase of step `index`, without making the whole step.
  func phase(of index: Int) -> Phase { sites[Int(records[index].site)].phase }

  /// The call of step `index`, without making the whole step.
  func call(of index: Int) -> Int? {
    records[index].call == StepRecord.noCall ? nil : Int(records[index].call)
  }

  /// Step `index` as a value.
  func step(_ index: Int) -> Step {
    let record = records[index]
    let site = sites[Int(record.site)]
    return Step(index: index, phase: site.phase, function: site.function, label: site.label, call: call(of: index),
                slot: record.slot == StepRecord.noSlot ? nil : Int(record.slot), pfn: record.hasPFN ? record.pfn : nil,
                body: record.body, changes: changes(of: index), failed: record.failed)
  }
}
