import FolioModel
import FolioScenario

/// The `trace --json` document: steps, final arrays per call, final PTEs of every VMA page,
/// every touched page's state, the invariant result (issue 2's shape) and how the run compares
/// with the scenario's `expect:` block for this kernel (null without one).
enum TraceReport {
  /// The document; `steps` picks the steps listed (a filter's), all of them by default.
  static func json(_ timeline: Timeline, steps shown: [Int]? = nil) -> JSON {
    let final = timeline.final
    return .object([
      ("scenario", .string(timeline.scenario.name)),
      ("kernel", .string(timeline.kernel.rawValue)),
      ("steps", .array(shown.map { $0.map { step(timeline[$0]) } } ?? timeline.steps.map(step))),
      ("calls", .array(final.calls.map(call))),
      ("ptes", .array(ptes(final))),
      ("pages", .array(touchedPfns(timeline).compactMap { page($0, in: final) })),
      ("invariants", .object([
        ("checked", .int(timeline.invariantChecks)),
        ("violations", .array(timeline.violations.map { .string($0.description) })),
      ])),
      ("expect", timeline.scenario.expectations[timeline.kernel].map { expectation in
        .object([("mismatches", .array(ExpectationCheck.mismatches(expectation, in: timeline).map { .string($0) }))])
      } ?? .null),
    ])
  }

  static func hex(_ value: UInt64) -> JSON { .string(MigratePFN.hex(value)) }

  private static func step(_ step: Step) -> JSON {
    .object([
      ("index", .int(step.index)), ("phase", .string(step.phase.rawValue)), ("function", .string(step.function)),
      ("line", step.line.map { .int($0) } ?? .null), ("slot", step.slot.map { .int($0) } ?? .null),
      ("pfn", step.pfn.map(hex) ?? .null), ("text", .string(step.text)), ("failed", .bool(step.failed)),
    ])
  }

  private static func call(_ call: MigrateCall) -> JSON {
    .object([
      ("api", .string(call.api.rawValue)), ("start", call.start.map(hex) ?? .null),
      ("setup_result", call.setupResult.map { .int($0) } ?? .null), ("cpages", call.migrateVMACpages.map { .int($0) } ?? .null),
      ("src", .array(call.src.map(hex))), ("dst", .array(call.dst.map(hex))),
    ])
  }

  /// Every page of every VMA, a PMD leaf once for its 512 pages.
  private static func ptes(_ machine: Machine) -> [JSON] {
    var rows: [JSON] = []
    for process in machine.processes {
      for vma in process.vmas {
        var address = vma.start
        while address < vma.end {
          let pmd = process.pmd(at: address)
          if pmd != .table {
            rows.append(entry(process.name, address & ~(UInt64(hpagePMDNr) * pageSize - 1), "pmd", EntryDescription(pmd),
                              bits: EntryDescription.bits(of: pmd)))
            address = (address | (UInt64(hpagePMDNr) * pageSize - 1)) + 1
            continue
          }
          let pte = process.pte(at: address)
          rows.append(entry(process.name, address, "pte", EntryDescription(pte), bits: EntryDescription.bits(of: pte)))
          address += pageSize
        }
      }
    }
    return rows
  }

  private static func entry(_ process: String, _ address: UInt64, _ level: String, _ description: EntryDescription,
                            bits: [String]) -> JSON {
    .object([
      ("process", .string(process)), ("address", hex(address)), ("level", .string(level)),
      ("entry", .string(description.kind)), ("pfn", description.pfn.map(hex) ?? .null), ("write", .bool(description.write)),
      ("bits", .array(bits.map(JSON.string))),
    ])
  }

  /// Every pfn a step changed or is about, every pfn of the scenario's folios and every pfn a
  /// final page-table entry names, in order: a script can look up any pfn the document names.
  static func touchedPfns(_ timeline: Timeline) -> [PFN] {
    var pfns = Set<PFN>()
    for folio in timeline.scenario.folios { pfns.insert(folio.pfn) }
    for step in timeline.steps {
      if let pfn = step.pfn { pfns.insert(pfn) }
      for change in step.changes {
        if case .frame(let pfn, _, _) = change { pfns.insert(pfn) }
      }
    }
    for process in timeline.final.processes {
      for (_, pte) in process.ptes { if let pfn = pte.pfn { pfns.insert(pfn) } }
      for pmd in process.pmds.values { if let pfn = pmd.pfn { pfns.insert(pfn) } }
    }
    return pfns.sorted()
  }

  private static func page(_ pfn: PFN, in machine: Machine) -> JSON? {
    guard let frame = machine.frame(pfn), let folio = machine.folio(of: pfn) else { return nil }
    return .object([
      ("pfn", hex(pfn)), ("refcount", .int(folio.refcount)), ("mapcount", .int(folio.mapcount)),
      ("locked", .bool(folio.isLocked)), ("lru", .bool(folio.lru)), ("free", .bool(frame.free)),
    ])
  }
}
