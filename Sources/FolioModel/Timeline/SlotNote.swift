import FolioScenario

/// A variable part of a per-slot step's text, interned in the step log and written only when
/// the step is read: a plain string, or what one `try_to_migrate()` walk did.
enum SlotNote: Sendable {
  case text(String)
  case walk(TryToMigrateWalk)

  static let empty = SlotNote.text("")

  var isEmpty: Bool { if case .text(let text) = self { text.isEmpty } else { false } }

  var string: String {
    switch self {
    case .text(let text): text
    case .walk(let walk): walk.sentence + " "
    }
  }
}

/// What `try_to_migrate()` did to a folio's mappings, in walk order, and why it stopped early
/// if it did: kept as names and numbers, since unmap walks one for every shared folio.
struct TryToMigrateWalk: Sendable {
  /// A mapping replaced by a migration entry: a PMD, or a PTE with the entry's kind.
  enum Conversion: Sendable {
    case pmd(process: String, address: UInt64)
    case pte(process: String, address: UInt64, kind: MigrationKind)
  }

  /// Why the walk stopped: a pinned anon-exclusive mapping (a PMD, or a process's PTE).
  enum Stop: Sendable {
    case pinnedPMD
    case pinnedPTE(process: String)
  }

  var conversions: [Conversion] = []
  var stop: Stop?

  var sentence: String {
    let converted = conversions.map { conversion in
      switch conversion {
      case .pmd(let process, let address): "\(process)'s PMD at \(MigratePFN.hex(address))"
      case .pte(let process, let address, let kind):
        "\(process)'s PTE at \(MigratePFN.hex(address)) → \(kind.rawValue) migration entry"
      }
    }
    let pmds = conversions.filter { if case .pmd = $0 { true } else { false } }.count
    let helper = pmds == 0 ? "folio_remove_rmap_pte" : pmds == conversions.count ? "folio_remove_rmap_pmd"
      : "folio_remove_rmap_pte/_pmd"
    let dropped = conversions.count == 1
      ? " The mapping's mapcount and the reference it held go with it (\(helper), folio_put): both drop by 1."
      : " Each mapping's mapcount and reference go with it (\(helper), folio_put): both drop by \(conversions.count)."
    let story = converted.isEmpty ? "No mapping was converted."
      : "try_to_migrate() converts " + converted.joined(separator: ", ") + "." + dropped
    switch stop {
    case nil: return story
    case .pinnedPMD: return story + " A PMD mapping is pinned anon-exclusive: the walk stops."
    case .pinnedPTE(let process):
      return story + " \(process)'s page is pinned anon-exclusive (folio_try_share_anon_rmap_pte fails): its PTE is "
        + "put back and the walk stops."
    }
  }
}
