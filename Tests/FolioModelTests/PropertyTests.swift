import FolioModel
import FolioScenario
import PropertyBased
import Testing

/// Thousands of random scenarios (issue 2): random page states, pins, extra references, shared
/// and device-private mappings, holes, THPs and mTHPs, private-file and shmem VMAs with page-cache
/// folios, swap-cache folios, device-coherent pages, driver declines and allocation failures,
/// concurrent touches, and sometimes a second call (back from the device, or a long-term pin of
/// a coherent page) — each run under both kernel versions. A failure prints the recipe and the seed to put in `.fixedSeed(…)`.
@Suite("Random scenarios keep the kernel's promises")
struct PropertyTests {
  /// Runs `body` on `count` generated scenarios that pass the validator, under every kernel.
  /// Returns how many generated scenarios the validator refused.
  @discardableResult
  static func forRandomScenarios(count: Int, _ body: (Scenario, KernelVersion) -> Void) async -> (valid: Int, discarded: Int) {
    var valid = 0
    var discarded = 0
    await propertyCheck(count: count, input: RecipeGen.recipe) { recipe in
      let scenario = recipe.scenario
      let errors = ScenarioValidator.validate(scenario).filter(\.isError)
      guard errors.isEmpty else {
        discarded += 1
        return
      }
      valid += 1
      for kernel in recipe.kernels { body(scenario, kernel) }
    }
    return (valid, discarded)
  }

  @Test("The generator makes valid, varied scenarios")
  func generatorIsHealthy() async {
    var migrated = 0
    var declined = 0
    var shapes = Set<String>()
    var reached = Set<String>()
    var bitsSeen = Set<String>()
    let (valid, discarded) = await Self.forRandomScenarios(count: 200) { scenario, kernel in
      let timeline = Simulation.run(scenario, kernel: kernel)
      let final = timeline.final
      let first = final.calls.first
      if first?.src.contains(where: { $0 & MigratePFN.migrate != 0 }) == true { migrated += 1 }
      if first?.src.contains(where: { $0 & MigratePFN.valid != 0 && $0 & MigratePFN.migrate == 0 }) == true { declined += 1 }
      shapes.insert("\(scenario.processes.count)p \(scenario.calls.count)c \(scenario.memory.system.count > 0x100)")
      reached.formUnion(Self.newCases(scenario, final))
      bitsSeen.formUnion(Self.entryBitCases(timeline.state(at: 0)))
      // The restore loop clears a refused entry whole, so the refusal shows in the steps only.
      if timeline.steps.contains(where: { $0.label == "isolate" }) { reached.insert("isolated refused") }
      if timeline.steps.contains(where: { $0.text.contains("by the shared zero page instead") }) {
        reached.insert("zero-filled piece")
      }
    }
    // The file, shmem, swap-cache, isolated, device-coherent and zero-filled-split cases must
    // actually be reached.
    #expect(reached == ["file", "shared", "swapcache refused", "coherent migrated", "page cache refused",
                        "coherent pin", "isolated refused", "zero-filled piece"], "\(reached)")
    // Validation refusals would mean the generator explores less than it claims.
    #expect(discarded * 20 <= valid + discarded, "\(discarded) of \(valid + discarded) generated scenarios were invalid")
    #expect(migrated * 3 >= valid * 2, "only \(migrated) of \(valid * 2) runs migrated anything")
    #expect(declined * 10 >= valid * 2, "only \(declined) of \(valid * 2) runs had a refused source")
    #expect(shapes.count >= 6, "\(shapes)")
    // Each bit the oracle checks must start both set and clear, on present and device entries.
    #expect(bitsSeen == Self.allEntryBitCases, "missing: \(Self.allEntryBitCases.subtracting(bitsSeen))")
  }

  static let allEntryBitCases: Set<String> = Set(["present", "device", "zero"].flatMap { kind in
    ["young", "soft_dirty", "uffd_wp"].flatMap { bit in ["\(kind) \(bit)", "\(kind) no \(bit)"] }
  }.filter { $0 != "device young" && $0 != "zero young" })

  /// Which young/soft-dirty/uffd-wp settings the present, device-private and zero-page PTEs of
  /// `machine` have.
  static func entryBitCases(_ machine: Machine) -> Set<String> {
    var cases = Set<String>()
    for process in machine.processes {
      for (_, pte) in process.ptes {
        let found: (String, EntryBits)? = switch pte {
        case .present(let b): ("present", EntryBits(young: b.young, softDirty: b.softDirty, uffdWp: b.uffdWp))
        case .devicePrivate(let e): ("device", EntryBits(softDirty: e.softDirty, uffdWp: e.uffdWp))
        case .zero(let z): ("zero", EntryBits(softDirty: z.softDirty, uffdWp: z.uffdWp))
        default: nil
        }
        guard let (kind, bits) = found else { continue }
        for (bit, set) in [("young", bits.young), ("soft_dirty", bits.softDirty), ("uffd_wp", bits.uffdWp)] {
          cases.insert("\(kind) \(set ? "" : "no ")\(bit)")
        }
      }
    }
    return cases
  }

  /// Which of the file, shmem, swap-cache and device-coherent cases a run reached.
  static func newCases(_ scenario: Scenario, _ final: Machine) -> Set<String> {
    var cases = Set(scenario.processes.map(\.vmas[0].kind).filter { $0 != .anonPrivate }.map(\.rawValue))
    let sources = final.calls.flatMap { call in call.src.indices.map { (call.src[$0], call.dst[$0]) } }
    for (src, dst) in sources where src & MigratePFN.valid != 0 {
      guard let pfn = MigratePFN.page(src), let folio = final.folio(of: pfn) else { continue }
      let refused = src & MigratePFN.migrate == 0 && dst != 0
      // folio_free_swap() took a refused one out of the swap cache: what it was comes from the scenario.
      let spec = scenario.folios.first { pfn >= $0.pfn && pfn < $0.pfn + UInt64($0.pageCount) }
      if refused && spec?.swapcache == true { cases.insert("swapcache refused") }
      if refused && [.file, .shmem].contains(folio.mapping) { cases.insert("page cache refused") }
      if !refused && folio.zone == .deviceCoherent && src & MigratePFN.migrate != 0 { cases.insert("coherent migrated") }
    }
    if final.calls.contains(where: { $0.api == .migrateDeviceCoherentFolio }) { cases.insert("coherent pin") }
    return cases
  }

  @Test("1: no invariant is ever broken")
  func noViolations() async {
    await Self.forRandomScenarios(count: 1000) { scenario, kernel in
      let timeline = Simulation.run(scenario, kernel: kernel)
      #expect(timeline.violations.isEmpty, "\(kernel.rawValue): \(timeline.violations.prefix(5))")
      // A uffd-wp entry stays read-only (x86's pte_mkuffd_wp write-protects; a write fault goes
      // to userfaultfd), whatever migration and the fault paths did to it.
      let final = timeline.final
      let writableWP = final.virtualPages.filter { final.presentBits($0.process, $0.address).map { $0.write && $0.uffdWp } == true }
      #expect(writableWP.isEmpty, "\(kernel.rawValue): writable uffd-wp entries at \(writableWP.prefix(3).map { MigratePFN.hex($0.address) })")
    }
  }

  @Test("2: migrated pages keep their data at the new mapping; the others stay where they were")
  func contentKept() async {
    await Self.forRandomScenarios(count: 1000) { scenario, kernel in
      let timeline = Simulation.run(scenario, kernel: kernel)
      let initial = timeline.state(at: 0)
      let final = timeline.final
      let lost = initial.virtualPages.filter { initial.data($0.process, $0.address) != final.data($0.process, $0.address) }
      #expect(lost.isEmpty, "\(kernel.rawValue): data changed at \(lost.prefix(3).map { place in "\(initial.processes[place.process].name):\(MigratePFN.hex(place.address)) \(initial.data(place.process, place.address) ?? "lost") → \(final.data(place.process, place.address) ?? "lost")" })")
      let failures = CallOutcomeCheck(timeline: timeline).failures()
      #expect(failures.isEmpty, "\(kernel.rawValue): \(failures.prefix(3))")
    }
  }

  @Test("3: stepping back with move(_:from:to:) gives the recorded earlier state")
  func steppingBack() async {
    await Self.forRandomScenarios(count: 500) { scenario, kernel in
      let timeline = Simulation.run(scenario, kernel: kernel)
      let n = timeline.count
      for i in Set([1, n - 1, n / 2, n / 3, (2 * n) / 3, (n * 7) / 11]) where i >= 1 && i < n {
        var machine = timeline.state(at: i)
        timeline.move(&machine, from: i, to: i - 1)
        #expect(machine == timeline.state(at: i - 1), "\(kernel.rawValue): back from step \(i) of \(n)")
        timeline.move(&machine, from: i - 1, to: i)
        #expect(machine == timeline.state(at: i), "\(kernel.rawValue): forward to step \(i) of \(n)")
      }
    }
  }

  @Test("4: the same scenario always gives the same steps")
  func deterministic() async {
    await Self.forRandomScenarios(count: 300) { scenario, kernel in
      let first = Simulation.run(scenario, kernel: kernel)
      let second = Simulation.run(scenario, kernel: kernel)
      #expect(first.steps == second.steps, "\(kernel.rawValue)")
      #expect(first.violations == second.violations, "\(kernel.rawValue)")
    }
  }

  @Test("5: at the end no lock of the migration is held, no migration entry is left, no wake-up lost")
  func everythingReleased() async {
    await Self.forRandomScenarios(count: 800) { scenario, kernel in
      let timeline = Simulation.run(scenario, kernel: kernel)
      let final = timeline.final
      let held = final.frames.filter { [.migration, .driver, .faultHandler].contains($0.lockedBy) }.map { MigratePFN.hex($0.pfn) }
      #expect(held.isEmpty, "\(kernel.rawValue): still locked: \(held)")
      let foreign = Set(timeline.state(at: 0).migrationEntries.map { "\($0.process) \($0.address) \($0.pfn)" })
      let left = final.migrationEntries.filter { !foreign.contains("\($0.process) \($0.address) \($0.pfn)") }
      #expect(left.isEmpty, "\(kernel.rawValue): migration entries left: \(left.map { MigratePFN.hex($0.address) })")
      // A thread still asleep at the end must be waiting on a lock someone still holds.
      let lost = final.waiters.filter { final.folio(of: $0.folio)?.isLocked != true }
      #expect(lost.isEmpty, "\(kernel.rawValue): lost wake-ups: \(lost)")
    }
  }
}
