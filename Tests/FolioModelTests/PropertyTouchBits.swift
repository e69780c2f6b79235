import FolioModel
import FolioScenario

/// A CPU access one of the scenario's events made during a call: the page, whether it was a
/// store, and the point of the call it ran at.
struct Touch {
  var process: Int
  var address: UInt64
  var write: Bool
  var point: EventPoint
}

/// An entry as the oracle follows it through CPU accesses: its mapping (whose pfn is unknown once
/// a fault put a new page there) and its bits.
struct TouchedEntry {
  var mapping: ResolvedMapping
  var pfnKnown = true
  var bits: EntryBits?
}

/// What a CPU access does to the entry it finds, on x86-64, by the fault paths the model runs:
/// - through a present entry that allows it, no fault: the MMU sets young, and dirty on a store
///   (soft-dirty is a software bit it never sets);
/// - a store to a read-only PTE of an anon page: `do_wp_page` reuses or copies the page, and its entry is
///   young, writable, and dirty through `pte_mkdirty` (so soft-dirty);
/// - a hole in an anon VMA: a load maps the zero page; a store (`do_anonymous_page`, or
///   `wp_page_copy` from the zero page) maps a new page, young, dirty and soft-dirty; a load of
///   the zero page changes nothing, nor does a store to a uffd-wp one (userfaultfd);
/// - a store the VMA forbids, a store to a uffd-wp entry or to a read-only THP or page-cache
///   page, and any access to a migration or swap entry change nothing;
/// - a device-private entry runs `migrate_to_ram`, a migration of its own, and a device-exclusive
///   one `remove_device_exclusive_entry`, whose PTE depends on the kernel and the page's flags
///   (`DeviceExclusiveFaultTests`): not predicted (nil).
enum TouchRule {
  /// `anonPage`: whether the page the entry maps is anon (a device-coherent page in a file VMA is).
  static func apply(_ found: TouchedEntry, write: Bool, huge: Bool, vma: VMA, anonPage: Bool) -> TouchedEntry? {
    if write ? !vma.writable : !(vma.readable || vma.writable) { return found }
    let newPage = TouchedEntry(mapping: ResolvedMapping(kind: .present, pfn: nil, write: true), pfnKnown: false,
                               bits: EntryBits(young: true, dirty: true, softDirty: true))
    switch found.mapping.kind {
    case .present where write && !found.mapping.write:
      return !huge && anonPage && found.bits?.uffdWp == false ? newPage : found
    case .present:
      var entry = found
      entry.bits?.young = true
      if write { entry.bits?.dirty = true }
      return entry
    case .zero where !write || found.bits?.uffdWp == true:
      // A load needs no fault; a store to a uffd-wp zero page goes to userfaultfd.
      return found
    case .none, .zero:
      guard vma.isAnonymous, !huge else { return found }
      return write ? newPage : TouchedEntry(mapping: ResolvedMapping(kind: .zero, pfn: nil, write: false))
    case .devicePrivate, .deviceExclusive: return nil
    case .migration, .swap: return found
    }
  }
}

extension CallOutcomeCheck {
  /// The CPU accesses the scenario's events made during timeline call `c`, in the order they
  /// ran, and the last step by which they are all over: a thread waiting on a migration entry
  /// retries only after finalize ("done", step `done`), so the window runs on to the next call of
  /// the scenario (`added`: the step each timeline call was added at). Nil touches (and the window
  /// ending at `done`) when the call cannot be matched to the scenario's, or a `cpu_fault` call,
  /// whose access no window could tell from a retry, comes next.
  func touchWindow(call c: Int, done: Int, added: [Int]) -> (touches: [Touch]?, end: Int) {
    let scenario = timeline.scenario
    let calls = timeline.final.calls
    // The model's fault handler makes calls with a fault page (a cpu_fault call makes only such
    // a one); the scenario's other calls are the rest, in order.
    let own = calls.indices.filter { calls[$0].faultPage == nil }
    let listed = scenario.calls.indices.filter { if case .cpuFault = scenario.calls[$0] { false } else { true } }
    guard let k = own.firstIndex(of: c) else { return ([], done) }
    guard k < listed.count else { return (nil, done) }
    if case .migrateVMA(let args) = scenario.calls[listed[k]],
       calls[c].process != args.process || calls[c].start != args.start { return (nil, done) }
    let nextListed = k + 1 < listed.count ? listed[k + 1] : scenario.calls.count
    guard listed[k] + 1 == nextListed else { return (nil, done) }
    let end = k + 1 < own.count ? added[own[k + 1]] - 1 : timeline.steps.count - 1
    // A driver that gave up at allocation on the way to RAM skips before_pages and after_pages.
    let ranPages = timeline.steps[added[c]...done].contains { $0.call == c && $0.phase == .pages }
    let points: [EventPoint] = ranPages ? [.afterSetup, .beforePages, .afterPages] : [.afterSetup]
    let touches = points.flatMap { point in
      scenario.events.compactMap { event -> Touch? in
        guard event.call == listed[k], event.at == point, case .cpuAccess(let name, let address, let write) = event.action,
              let p = timeline.final.processIndex(named: name) else { return nil }
        return Touch(process: p, address: address & ~(pageSize - 1), write: write, point: point)
      }
    }
    return (touches, end)
  }

  /// The touches among `touches` that went through the entry mapping `place` at the end: its
  /// own page's, or any page's of the huge PMD mapping it.
  func touches(_ touches: [Touch], of place: (process: Int, address: UInt64), in post: Machine) -> [Touch] {
    let huge = post.processes[place.process].pmd(at: place.address).isTransHuge
    return touches.filter {
      $0.process == place.process && ($0.address == place.address || huge && $0.address >> 21 == place.address >> 21)
    }
  }

  /// The entry at `place` once `touches` ran on what the call alone left there (`alone`, with
  /// `bits`); nil when the oracle cannot tell. Touches wait on a collected page's migration
  /// entry until finalize unlocks it, so they all act on what the call left, except on a hole
  /// the call filled: one before `migrate_vma_pages` came first (a load's zero page is replaced;
  /// a store's new page would have made the insertion fail). `anonPage`: whether `alone` maps
  /// an anon page. `hugeZeroUntilPages`: the page lay under a huge zero PMD that v7.0's collect
  /// keeps (a hole) until `migrate_vma_pages` may split it, so a touch before then meets that PMD
  /// and changes nothing (a load needs no fault; a store's THP fault is outside the model).
  func afterTouches(_ touches: [Touch], at place: (process: Int, address: UInt64), alone: ResolvedMapping,
                    bits: EntryBits?, holeFilled: Bool, hugeZeroUntilPages: Bool, anonPage: Bool,
                    in post: Machine) -> TouchedEntry? {
    guard let vma = post.processes[place.process].vma(containing: place.address) else { return nil }
    let huge = post.processes[place.process].pmd(at: place.address).isTransHuge
    var entry: TouchedEntry? = TouchedEntry(mapping: alone, bits: bits)
    let beforePages: Set<EventPoint> = [.afterSetup, .beforePages]
    for touch in touches where (!holeFilled && !hugeZeroUntilPages) || !beforePages.contains(touch.point) {
      entry = entry.flatMap { TouchRule.apply($0, write: touch.write, huge: huge, vma: vma, anonPage: anonPage) }
    }
    return entry
  }
}
