import ArgumentParser
import FolioModel

/// `trace`'s filters: only the steps about one page, one slot, or in some phases (all given
/// filters must hold). A step is about a page or slot when it names it or changes it.
struct StepFilter: ParsableArguments {
  @Option(help: ArgumentHelp("Only steps in this page's life (hex 0x… or decimal): naming it, changing its struct page, "
                             + "or about a slot whose src or dst names it.", valueName: "pfn"))
  var pfn: String?

  @Option(parsing: .unconditional, help: "Only steps about this slot of the migrate arrays (of any call).")
  var slot: Int?

  @Option(help: "Only steps of this phase; repeat for more.")
  var phase: [Phase] = []

  func validate() throws {
    if let pfn, Self.number(pfn) == nil { throw ValidationError("--pfn '\(pfn)' is not a pfn: give 0x100 or 256.") }
    if let slot, slot < 0 { throw ValidationError("--slot must be 0 or more, not \(slot).") }
  }

  var isEmpty: Bool { pfn == nil && slot == nil && phase.isEmpty }

  /// The steps of `timeline` the filters keep, nil without filters. Refuses a filter that
  /// names nothing there (a pfn outside its memory, a slot no call has) or keeps no step:
  /// showing zero steps would look like a run where nothing happened to it.
  func steps(in timeline: Timeline) throws -> [Int]? {
    guard !isEmpty else { return nil }
    let machine = timeline.state(at: 0)
    if let page = pfn.flatMap(Self.number), machine.frame(page) == nil {
      let ranges = machine.regions.map { "\(MigratePFN.hex($0.range.start))–\(MigratePFN.hex($0.range.end - 1))" }
      throw usageError("--pfn \(MigratePFN.hex(page)) is outside this scenario's memory (\(ranges.joined(separator: ", "))).")
    }
    if let slot, !timeline.final.calls.contains(where: { slot < $0.src.count }) {
      let most = timeline.final.calls.map(\.src.count).max() ?? 0
      throw usageError("--slot \(slot): " + (most == 0 ? "no call has slots." : "no call has that many slots (at most \(most))."))
    }
    let life = pfn.flatMap(Self.number).map { Set(timeline.steps(aboutPages: [$0])) }
    let kept = timeline.steps.indices.filter { index in
      (phase.isEmpty || phase.contains(timeline.phase(at: index)))
        && (life?.contains(index) ?? true)
        && (slot.map { timeline.step(index, concerns: .slot($0, call: nil)) } ?? true)
    }
    guard !kept.isEmpty else { throw usageError("no step of this run is \(summary).") }
    return kept
  }

  /// The filters as command-line arguments (for a handout's "made with" line).
  var arguments: [String] {
    (pfn.map { ["--pfn", $0] } ?? []) + (slot.map { ["--slot", String($0)] } ?? []) + phase.flatMap { ["--phase", $0.rawValue] }
  }

  /// The filters in words ("about pfn 0x100, in unmap or pages").
  var summary: String {
    var parts: [String] = []
    if let page = pfn.flatMap(Self.number) { parts.append("about pfn \(MigratePFN.hex(page))") }
    if let slot { parts.append("about slot \(slot)") }
    if !phase.isEmpty { parts.append("in " + phase.map(\.rawValue).joined(separator: " or ")) }
    return parts.joined(separator: ", ")
  }

  private static func number(_ text: String) -> PFN? {
    text.lowercased().hasPrefix("0x") ? PFN(text.dropFirst(2), radix: 16) : PFN(text)
  }
}

extension Phase: ExpressibleByArgument {}
