import FolioScenario

/// The references to each folio that no page-table entry or cache of the model accounts for:
/// a scenario's extra references, pins and isolation, and those other threads take and drop (`folio_get`
/// / `folio_put` events). I6 needs them: a source that migrated must end freed unless such
/// references, or the fault handler's, still hold it.
struct ReferenceLedger: Sendable {
  /// By frame position of a folio's head.
  private var held: [Int32]

  init(scenario: Scenario, frameIndex: FrameIndex, frames: Int) {
    held = Array(repeating: 0, count: frames)
    for spec in scenario.folios {
      guard let position = frameIndex.position(of: spec.pfn) else { continue }
      held[position] = Int32(spec.extraRefs + spec.pinReferences + (spec.isolated ? 1 : 0))
    }
  }

  /// References held elsewhere on the folio whose head is at `position`.
  func held(at position: Int) -> Int { Int(held[position]) }

  /// Another thread takes (`delta` 1) or drops (-1) a reference on the folio headed at `position`.
  mutating func change(at position: Int, by delta: Int32) { held[position] += delta }
}

extension FolioSpec {
  /// The references the folio's pins hold: `GUP_PIN_COUNTING_BIAS` each on a small folio, one
  /// each on a large one (which counts its pins apart, in `_pincount`).
  var pinReferences: Int { pins * (order > 0 ? 1 : gupPinCountingBias) }
}
