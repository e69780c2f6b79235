/// A run of consecutive recorded steps, handed from the engine's log to the invariant
/// checker (which may run on another thread while the engine records the next ones).
struct StepBatch: Sendable {
  /// What a step at a few known sites asks of the checker beyond checking its own changes.
  enum WholeCheck: Sendable {
    case none
    /// `migrate_vma_setup` returned: I1 and I2 on the call's arrays.
    case afterSetup
    /// Finalize is over: I6 on every folio the call named.
    case afterFinalize
    /// The scenario ended: every lock taken was released.
    case atEnd
    /// Another thread took (`folio_get`) or dropped (`folio_put`) a reference on the step's pfn.
    case referenceTaken, referenceDropped
    /// `migrate_device_coherent_folio` locked the step's pfn: its caller's reference is the
    /// migration's from now on (unmap's restore loop or finalize puts it, migrated or not).
    case referenceHandedOver
    /// `migrate_vma_pages` / `migrate_device_pages` ran for the step's call.
    case pagesRan
  }

  /// The index of the first step.
  var first: Int
  /// The steps' records, copied as they are: read here, a record costs the engine a copy of 20
  /// bytes rather than the making of an entry.
  var records: [StepRecord]
  /// Where the first step's changes begin in the log (records count their ends from there).
  var base: Int
  /// The whole-call check of each step site, by number.
  var checks: [WholeCheck]
  /// The steps' change words, in order, read where the log keeps them.
  var words: WordStore.Words
  /// The changes the log boxed since the previous batch (their indices continue the earlier
  /// batches').
  var boxed: ArraySlice<Change>
  /// Pages of the engine's log its next steps will write, for the checker to fault in first.
  var prefaults: [Prefault] = []

  /// Step `offset` of the batch: where its changes end in `words`, the call it belongs to and
  /// the whole-call check closing it triggers.
  @inline(__always) func step(_ offset: Int) -> (end: Int, call: Int?, pfn: PFN?, check: WholeCheck) {
    let record = records[offset]
    return (Int(record.end) - base, record.call == StepRecord.noCall ? nil : Int(record.call),
            record.hasPFN ? record.pfn : nil, checks[record.siteNumber])
  }
}

extension StepLog {
  /// Steps `steps` (sealed, in order) as a batch; `boxedFrom` is how many boxed changes earlier
  /// batches carried.
  func batch(_ steps: Range<Int>, boxedFrom: Int) -> StepBatch {
    let base = steps.isEmpty ? 0 : changeWords(of: steps.lowerBound).lowerBound
    let end = steps.isEmpty ? base : changeWords(of: steps.upperBound - 1).upperBound
    return StepBatch(first: steps.lowerBound, records: Array(records(steps)), base: base, checks: wholeChecks,
                     words: changes.words(in: base..<end), boxed: changes.boxed(from: boxedFrom))
  }
}

extension StepSite {
  /// The whole-call check a step at this site triggers (by its phase and listing label).
  var wholeCheck: StepBatch.WholeCheck {
    switch phase {
    case .setup where label == "return": .afterSetup
    case .finalize where label == "done": .afterFinalize
    case .done: .atEnd
    case .event where function == "folio_get" && label == "get": .referenceTaken
    case .event where function == "folio_put" && label == "put": .referenceDropped
    case .evict where function.hasPrefix("migrate_device_coherent_") && label == "lock": .referenceHandedOver
    case .pages: .pagesRan
    default: .none
    }
  }
}
