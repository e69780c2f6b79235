import FolioScenario
import PropertyBased
import Testing

/// What one page of process A's VMA holds when a generated scenario starts.
enum PageKind: String, CaseIterable, Sendable, Hashable {
  case hole, zero, anon, pinned, extraRef, locked, shared, swapcache, dev0, dev1, dev0Locked, swap, foreignMigration
  /// A system page someone else has isolated from the LRU (holding isolation's reference).
  case isolated
  /// A present PTE to a page of the device-coherent DEV2; `coherentRef` also has a GUP caller's
  /// reference, as `migrate_device_coherent_folio` needs.
  case coherent, coherentRef
}

/// One generated page: its kind and the PTE bits it is mapped with (`dirty` also marks a
/// device page's folio dirty, as one that came from a dirty system page is).
struct PageChoice: Sendable, Hashable, CustomStringConvertible {
  var kind: PageKind
  var write: Bool
  var dirty: Bool
  var young: Bool
  var softDirty: Bool
  var uffdWp: Bool

  var description: String {
    kind.rawValue + (write ? "W" : "") + (dirty ? "D" : "") + (young ? "Y" : "") + (softDirty ? "S" : "") + (uffdWp ? "U" : "")
  }
}

/// The first 2 MiB of a 512-page VMA: a THP (`hugeZeroFilled`: one whose head page holds
/// zeroes, which a split maps by the zero page), the huge zero page, an empty PMD or a device THP.
enum THPKind: String, CaseIterable, Sendable, Hashable {
  case huge, hugePinned, hugeExtraRef, hugeShared, hugeZeroFilled, hugeZero, empty, devicePMD
}

/// Something another thread does during the first call.
enum EventKind: String, CaseIterable, Sendable, Hashable {
  /// A CPU access by A (or by B when B maps the page) at after_setup or before_pages.
  case touch, touchB
  /// A reference taken at after_setup/before_pages and dropped after finalize.
  case getPut
  /// The page's pre-existing extra reference, or foreign lock, goes away at after_setup.
  case dropExtra, unlockOther
}

/// One generated event: its kind, the VMA page it concerns, a write bit, the point (0…2:
/// after_setup, before_pages, after_pages) and whether it happens during the second call.
struct EventChoice: Sendable, Hashable, CustomStringConvertible {
  var kind: EventKind
  var page: Int
  var write: Bool
  var point: Int
  var inSecondCall: Bool
  var description: String { "\(kind.rawValue)@\(page)\(write ? "w" : "")/\(point)\(inSecondCall ? "'" : "")" }
}

/// A second call after the first migration: a CPU fault, an eviction, a migration back, or a
/// long-term GUP pin of a device-coherent page (`migrate_device_coherent_folio`).
enum SecondKind: String, CaseIterable, Sendable, Hashable {
  case fault, evict, migrateBack, coherentPin
}

/// The generated second call and its parameters.
struct SecondChoice: Sendable, Hashable, CustomStringConvertible {
  var kind: SecondKind
  var page: Int
  var write: Bool
  var count: Int
  var description: String { "\(kind.rawValue)(\(page),\(count)\(write ? ",w" : ""))" }
}

/// A random scenario as a small value (printed when a property fails); `scenario` builds it.
struct PropertyRecipe: Sendable, CustomTestStringConvertible {
  var pages: [PageChoice]
  /// A PTE-mapped large folio (mTHP): the VMA page it starts near, its order (1…4) and whether
  /// its first page holds zeroes (content 0), which a v7.0 split maps by the zero page.
  var mthp: (page: Int, order: Int, zeroFilled: Bool)?
  var thp: THPKind?
  /// What A's (and B's) VMA maps: private anon, a MAP_PRIVATE file, or shmem. The non-anonymous
  /// kinds have no THP or mTHP here (page-cache THPs are not modelled).
  var vmaKind: VMAKind
  /// Process A's VMA is mapped PROT_READ (every mapping read-only, holes populated read-only).
  var readOnly: Bool
  /// Per mille: below 500 the call starts at slot 0 / runs to the end; else a random slot.
  var rangeStart: Int
  var rangeLength: Int
  var select: MigrateSelect
  var owner: String?
  var decline: [Int]
  var failAlloc: [Int]
  var failCompoundAlloc: Bool
  var events: [EventChoice]
  var second: SecondChoice?

  var testDescription: String {
    let thpText = (vmaKind == .anonPrivate ? "" : "\(vmaKind.rawValue) vma, ") + (readOnly ? "read-only, " : "") + (thp.map { "thp \($0.rawValue), " } ?? "")
    let mthpText = mthp.map { "mthp@\($0.page) order \($0.order)\($0.zeroFilled ? " zero-filled" : ""), " } ?? ""
    let selectText = MigrateSelect.names.filter { select.contains($0.1) }.map(\.0).joined(separator: "|")
    return "PropertyRecipe(\(thpText)\(mthpText)pages \(pages), range \(rangeStart)/\(rangeLength), "
      + "select [\(selectText)], owner \(owner ?? "nil"), decline \(decline), failAlloc \(failAlloc), "
      + "failCompoundAlloc \(failCompoundAlloc), events \(events), second \(second.map(\.description) ?? "nil"))"
  }
}

/// The generators of `PropertyRecipe`, composed from the library's own so inputs shrink.
enum RecipeGen {
  /// Common page kinds appear more often than exotic ones.
  static let kinds: [PageKind] = [
    .hole, .hole, .zero, .anon, .anon, .anon, .anon, .pinned, .extraRef, .locked, .shared, .shared, .swapcache,
    .dev0, .dev0, .dev1, .dev0Locked, .swap, .foreignMigration, .coherent, .coherentRef, .isolated,
  ]
  static let selects: [MigrateSelect] = [
    .system, .system, .system, [.system, .compound], [.system, .compound], [.system, .devicePrivate],
    [.devicePrivate], [.devicePrivate, .compound], [.system, .devicePrivate, .compound], [],
    [.system, .deviceCoherent], [.deviceCoherent],
  ]
  static let owners: [String?] = ["DEV0", "DEV0", "DEV0", "DEV1", nil, "DEV2"]
  /// Mostly private anonymous memory; sometimes a private file mapping or shmem.
  static let vmaKinds: [VMAKind] = [.anonPrivate, .anonPrivate, .anonPrivate, .anonPrivate, .anonPrivate, .anonPrivate,
                                    .anonPrivate, .anonPrivate, .file, .sharedAnon]

  /// One of `values`, shrinking towards the first.
  static func pick<T: Sendable>(_ values: [T]) -> Generator<T, Shrink.Integer<Int>> {
    Gen.int(in: 0...(values.count - 1)).map { values[$0] }
  }

  static let page: Generator<PageChoice, some SendableSequenceType> = zip(
    pick(kinds), Gen.bool, Gen.bool, Gen.bool, Gen.bool, Gen.bool(0.25)
  ).map { (kind: PageKind, write: Bool, dirty: Bool, young: Bool, softDirty: Bool, uffdWp: Bool) in
    PageChoice(kind: kind, write: write, dirty: dirty, young: young, softDirty: softDirty, uffdWp: uffdWp)
  }

  static let event: Generator<EventChoice, some SendableSequenceType> = zip(
    pick(EventKind.allCases), Gen.int(in: 0...1023), Gen.bool, Gen.int(in: 0...2), Gen.bool(0.25)
  ).map { (kind: EventKind, page: Int, write: Bool, point: Int, inSecondCall: Bool) in
    EventChoice(kind: kind, page: page, write: write, point: point, inSecondCall: inSecondCall)
  }

  static let second: Generator<SecondChoice, some SendableSequenceType> = zip(
    pick(SecondKind.allCases), Gen.int(in: 0...1023), Gen.bool, Gen.int(in: 1...32)
  ).map { (kind: SecondKind, page: Int, write: Bool, count: Int) in SecondChoice(kind: kind, page: page, write: write, count: count) }

  /// The shape of memory: the pages, an optional mTHP (page, order), an optional THP, read-only
  /// and the VMA kind.
  static let layout: Generator<([PageChoice], (Int, Int, Bool)?, THPKind?, Bool, VMAKind), some SendableSequenceType> = zip(
    page.array(of: 1...64), zip(Gen.int(in: 0...63), Gen.int(in: 1...4), Gen.bool).optional(valueRate: 0.2),
    pick(THPKind.allCases).optional(valueRate: 0.15), Gen.bool(0.1), pick(vmaKinds))

  /// The first call: range (two per-mille values), SELECT flags, owner, declines, failures.
  static let call: Generator<(Int, Int, MigrateSelect, String?, [Int], [Int], Bool), some SendableSequenceType> = zip(
    Gen.int(in: 0...999), Gen.int(in: 0...999), pick(selects), pick(owners), Gen.int(in: 0...1023).array(of: 0...3),
    Gen.int(in: 0...1023).array(of: 0...2), Gen.bool(0.3))

  /// A whole random scenario: 1–64 pages, sometimes a THP in front of them.
  static let recipe: Generator<PropertyRecipe, some SendableSequenceType> = zip(
    layout, call, event.array(of: 0...3), second.optional(valueRate: 0.4)
  ).map { (layout: ([PageChoice], (Int, Int, Bool)?, THPKind?, Bool, VMAKind), call: (Int, Int, MigrateSelect, String?, [Int], [Int], Bool),
           events: [EventChoice], second: SecondChoice?) in
    let anon = layout.4 == .anonPrivate
    return PropertyRecipe(
      pages: layout.0, mthp: anon ? layout.1.map { (page: $0.0, order: $0.1, zeroFilled: $0.2) } : nil, thp: anon ? layout.2 : nil,
      vmaKind: layout.4, readOnly: layout.3,
      rangeStart: call.0,
      rangeLength: call.1, select: call.2, owner: call.3, decline: call.4, failAlloc: call.5, failCompoundAlloc: call.6,
      events: events, second: second)
  }
}
