/// Where in the kernel a step is: its phase, function and listing label. A run has a few dozen
/// of these, so steps name them by number.
struct StepSite: Sendable, Hashable {
  var phase: Phase
  var function: String
  var label: String

  /// Hashes the lengths, not the text: sites are few and differ in them, while hashing the
  /// strings (Unicode-normalised) for each of millions of steps cost more than the step did.
  func hash(into hasher: inout Hasher) {
    hasher.combine(phase)
    hasher.combine(function.utf8.count)
    hasher.combine(label.utf8.count)
  }
}

/// One step as stored (20 bytes, all 32-bit and 16-bit fields): the end of its changes in the
/// log, and its site, call, slot and pfn packed with sentinels for "none"; whether it has a pfn
/// and failed are the top bits of `site`. Its text is the slot text of the same index.
struct StepRecord: Sendable {
  static let noCall = UInt16.max
  static let noSlot = UInt32.max
  static let hasPFNBit: UInt16 = 1 << 15, failedBit: UInt16 = 1 << 14

  var pfnLow: UInt32
  var pfnHigh: UInt32
  var end: UInt32
  var slot: UInt32
  /// The site's number, with `hasPFNBit` and `failedBit`.
  var site: UInt16
  var call: UInt16

  var pfn: PFN { UInt64(pfnHigh) << 32 | UInt64(pfnLow) }

  var siteNumber: Int { Int(site & (Self.failedBit - 1)) }
  var hasPFN: Bool { site & Self.hasPFNBit != 0 }
  var failed: Bool { site & Self.failedBit != 0 }
}

/// How far a step log's big arrays are filled, in change words and steps.
struct StorageMark: Sendable {
  var words: Int
  var steps: Int
}

/// Every step of a run in compact form: one flat log of changes, shared by all steps, and one
/// small record per step naming its range in that log, instead of a `Step` with its own array
/// each (a million-slot run has four million steps). `Step` values are made when read.
struct StepLog: Sendable {
  /// Every change of every step, in order; step i's are `changes[end(i - 1)..<end(i)]`.
  private(set) var changes = ChangeLog()
  private(set) var records: [StepRecord] = []
  private var sites: [StepSite] = []
  /// The whole-call check of each site, by number (read for every step handed to the checker).
  private var siteChecks: [StepBatch.WholeCheck] = []
  private var siteNumbers: [StepSite: UInt16] = [:]
  /// The numbers of sites seen, by the bits of their strings.
  private var siteCache = SiteCache()
  /// The texts written when the step was taken (the rare, one-off steps).
  private var texts: [String] = []
  /// The text of every step (one per record), as numbers written when read; a step whose text
  /// was written when it was taken has a `.written` one naming its string in `texts`.
  private var slotTexts: [SlotText] = []
  /// Strings slot texts name by number; "" is always number 0.
  private var notes: [SlotNote] = [.empty]

  var count: Int { records.count }

  /// Off while the initial machine is built: its construction is not a step.
  var isRecording = true

  /// The bytes of the changes, step records and per-slot texts (not the few eager strings).
  var recordedBytes: Int {
    changes.bytes + records.count * MemoryLayout<StepRecord>.stride
      + slotTexts.count * MemoryLayout<SlotText>.stride
  }

  /// Where the changes of step `index` begin in `changes`.
  private func start(of index: Int) -> Int { index == 0 ? 0 : Int(records[index - 1].end) }

  /// Where in the change log's words the changes of step `index` are (read them with
  /// `changes.change(at:)`).
  func changeWords(of index: Int) -> Range<Int> { start(of: index)..<Int(records[index].end) }

  /// The changes of step `index`, decoded as they are read.
  func changeStream(of index: Int) -> ChangeLog.Changes { changes.changes(in: changeWords(of: index)) }

  /// The changes of step `index`.
  func changes(of index: Int) -> [Change] { Array(changeStream(of: index)) }

  /// Applies the changes of step `index` to `machine`. Reads them in place rather than through
  /// a `ChangeLog.Changes`, whose copy of the log cost four retains and releases per step: a
  /// seek replays up to 32768 steps.
  func apply(step index: Int, to machine: inout Machine) {
    var position = start(of: index)
    let end = Int(records[index].end)
    while position < end {
      let change: Change
      (change, position) = changes.change(at: position)
      machine.apply(change)
    }
  }

  /// Undoes the changes of step `index` in `machine`, last first.
  func revert(step index: Int, in machine: inout Machine) {
    for change in changes(of: index).reversed() { machine.revert(change) }
  }

  @inline(__always) mutating func append(_ change: Change) {
    if isRecording { changes.append(change) }
  }

  /// Records a change of `call`'s counters, folded into the step's earlier one if any.
  mutating func append(counters call: Int, before: CallCounters, after: CallCounters) {
    guard isRecording else { return }
    changes.appendFolding(counters: call, before: before, after: after)
  }

  /// Reserves room for a run over `pages` pages (about 20 words of changes and 4 steps each),
  /// so the big arrays never grow by copying: a growing array briefly holds its old and new
  /// buffers, which was the peak of a million-slot run. Untouched reserved memory costs no RSS.
  mutating func reserve(pages: Int) {
    changes.reserveCapacity(words: 32 * pages + 1024)
    records.reserveCapacity(6 * pages + 256)
    slotTexts.reserveCapacity(6 * pages + 256)
  }

  /// Records the changes of frame `pfn` from packed words `before` to `after` (one XOR per
  /// differing word). A step's changes to one word of one frame are kept as one XOR: the frame
  /// is the same at either end of the step, and only their frames matter to a step's readers.
  mutating func record(pfn: PFN, before: (UInt64, UInt64, UInt64, UInt64), after: (UInt64, UInt64, UInt64, UInt64)) {
    guard isRecording else { return }
    let bits = (before.0 ^ after.0, before.1 ^ after.1, before.2 ^ after.2, before.3 ^ after.3)
    if bits.0 != 0 { changes.appendFolding(pfn: pfn, word: 0, bits: bits.0) }
    if bits.1 != 0 { changes.appendFolding(pfn: pfn, word: 1, bits: bits.1) }
    if bits.2 != 0 { changes.appendFolding(pfn: pfn, word: 2, bits: bits.2) }
    if bits.3 != 0 { changes.appendFolding(pfn: pfn, word: 3, bits: bits.3) }
  }

  /// Closes a step with every change recorded since the previous one (a per-slot text from
  /// another log has its notes interned in this one).
  mutating func close(_ site: StepSite, call: Int?, slot: Int?, pfn: PFN?, body: StepText, failed: Bool) {
    switch body {
    case .ready(let string):
      texts.append(string)
      close(site, call: call, slot: slot, pfn: pfn, text: SlotText(kind: .written, words: (UInt64(texts.count - 1), 0)),
            failed: failed)
    case .slot(var text, _, _, _, let table):
      if text.usesNotes { text.notes = (note(table[Int(text.notes.0)]), note(table[Int(text.notes.1)])) }
      close(site, call: call, slot: slot, pfn: pfn, text: text, failed: failed)
    }
  }

  /// Closes a step whose text is kept as numbers; its notes are this log's.
  mutating func close(_ site: StepSite, call: Int?, slot: Int?, pfn: PFN?, text: SlotText, failed: Bool) {
    let end = changes.seal()
    precondition(end < UInt32.max && (call ?? 0) < Int(StepRecord.noCall)
                 && (slot ?? 0) < Int(StepRecord.noSlot), "timeline too large for its compact records")
    let flags = (pfn != nil ? StepRecord.hasPFNBit : 0) | (failed ? StepRecord.failedBit : 0)
    slotTexts.append(text)
    records.append(StepRecord(pfnLow: UInt32(truncatingIfNeeded: pfn ?? 0), pfnHigh: UInt32((pfn ?? 0) >> 32),
                              end: UInt32(end), slot: slot.map { UInt32($0) } ?? StepRecord.noSlot,
                              site: number(of: site) | flags, call: call.map { UInt16($0) } ?? StepRecord.noCall))
  }

  /// The number of `note` among the notes slot texts name. Not deduplicated: the notes per
  /// slot name its addresses, so they hardly repeat, and hashing each cost more than storing
  /// it; the empty note, the common one, is always 0.
  mutating func note(_ note: SlotNote) -> UInt32 {
    guard !note.isEmpty else { return 0 }
    notes.append(note)
    return UInt32(notes.count - 1)
  }

  private mutating func number(of site: StepSite) -> UInt16 {
    if let number = siteCache.number(of: site) { return number }
    let number: UInt16
    if let known = siteNumbers[site] {
      number = known
    } else {
      precondition(sites.count < Int(StepRecord.failedBit), "too many distinct step sites")
      sites.append(site)
      siteChecks.append(site.wholeCheck)
      number = UInt16(sites.count - 1)
      siteNumbers[site] = number
    }
    siteCache.remember(sites[Int(number)], as: number)
    return number
  }

  /// How far the log's big arrays are filled: the change words and the steps (one record and
  /// one slot text each).
  var mark: StorageMark { StorageMark(words: changes.wordCount, steps: records.count) }

  /// The pages the log's big arrays will occupy from `from` up to `to` (see `Prefault`).
  func prefaults(from: StorageMark, to: StorageMark) -> [Prefault] {
    [changes.prefault(words: from.words..<to.words), records.prefault(from.steps..<to.steps),
     slotTexts.prefault(from.steps..<to.steps)].compactMap { $0 }
  }

  /// The records of steps `steps`.
  func records(_ steps: Range<Int>) -> ArraySlice<StepRecord> { records[steps] }

  /// The whole-call check of each site, by number.
  var wholeChecks: [StepBatch.WholeCheck] { siteChecks }

  /// The phase of step `index`, without making the whole step.
  func phase(of index: Int) -> Phase { sites[records[index].siteNumber].phase }

  /// Whether step `index` failed, without making the whole step.
  func failed(index: Int) -> Bool { records[index].failed }

  /// The call of step `index`, without making the whole step.
  func call(of index: Int) -> Int? {
    records[index].call == StepRecord.noCall ? nil : Int(records[index].call)
  }

  /// Step `index` as a value.
  func step(_ index: Int) -> Step {
    let record = records[index]
    let site = sites[record.siteNumber]
    let slot = record.slot == StepRecord.noSlot ? nil : Int(record.slot)
    let text = slotTexts[index]
    let body: StepText = text.kind == .written ? .ready(texts[Int(text.words.0)])
      : .slot(text, slot: slot ?? 0, pfn: record.pfn,
              function: site.function, notes: notes)
    return Step(index: index, phase: site.phase, function: site.function, label: site.label, call: call(of: index),
                slot: slot, pfn: record.hasPFN ? record.pfn : nil, body: body, changes: changes(of: index)[...],
                failed: record.failed)
  }
}
