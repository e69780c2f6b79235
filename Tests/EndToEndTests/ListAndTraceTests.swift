import Foundation
import Testing

/// `folioscope list`, `trace` (text) and `compare`, run as the real binary.
@Suite struct ListAndTraceTests {
  /// The built-in library is the YAML files shipped as resources: one line per file.
  static func builtinNames() throws -> [String] {
    let folder = Folioscope.packageRoot.appendingPathComponent(
      "Sources/FolioScenario/Resources/scenarios")
    return try FileManager.default.contentsOfDirectory(atPath: folder.path)
      .filter { $0.hasSuffix(".yaml") }.map { String($0.dropLast(5)) }.sorted()
  }

  @Test func listShowsEveryBuiltinOnceUnderItsGroup() throws {
    let result = try Folioscope.run(["list"])
    #expect(result.status == 0)
    #expect(result.stderr.isEmpty)
    let headers = result.lines.filter { !$0.hasPrefix(" ") }
    #expect(
      headers == ["happy-path", "refusals", "races", "thp", "device-to-system", "beyond-spec"])
    let listed = result.lines.filter { $0.hasPrefix("  ") }
      .compactMap { $0.split(separator: " ").first.map(String.init) }
    let names = try Self.builtinNames()
    #expect(listed.sorted() == names)
    #expect(names.count > 20)
    // Grouping: mixed-eight sits under happy-path, mthp-pte-mapped under thp.
    #expect(group(of: "mixed-eight", in: result.lines) == "happy-path")
    #expect(group(of: "mthp-pte-mapped", in: result.lines) == "thp")
    #expect(group(of: "hole-insert-race", in: result.lines) == "races")
    // Each with its length, so a lecturer can tell a 20-step demo from a 2576-step one.
    #expect(result.lines.contains { $0.hasPrefix("  anon-to-device") && $0.contains(" 20 steps ") })
  }

  private func group(of name: String, in lines: [String]) -> String? {
    var current: String?
    for line in lines {
      if !line.hasPrefix(" ") { current = line }
      if line.hasPrefix("  \(name) ") { return current }
    }
    return nil
  }

  @Test func traceMixedEightPrintsEveryStepThenTheFinalArrays() throws {
    let result = try Folioscope.run(["trace", "mixed-eight"])
    #expect(result.status == 0)
    #expect(result.stderr.isEmpty)
    let lines = result.lines
    #expect(lines.first == "Eight slots, eight fates — kernel v7.0 — 40 steps (0–39)")
    let indices = lines.compactMap(stepIndex)
    #expect(indices == Array(0..<40))
    #expect(lines.contains { $0.hasPrefix(" [  39] done ") })
    #expect(
      Array(lines.suffix(11)) == [
        "call 1: migrate_vma at 0x7f0000000000  setup → 0  cpages 4",
        "  slot 0     src 0x400b    VMW_   dst 0x20009   V_W_",
        "  slot 1     src 0x2       _M__   dst 0x20041   V___",
        "  slot 2     src 0x2       _M__   dst 0x20081   V___",
        "  slot 3     src 0x0       ____   dst 0x0       ____",
        "  slot 4     src 0x0       ____   dst 0x0       ____",
        "  slot 5     src 0x0       ____   dst 0x0       ____",
        "  slot 6     src 0x0       ____   dst 0x0       ____",
        "  slot 7     src 0x41c9    V_W_   dst 0x0       ____",
        "invariants: 40 checks, all held",
        "expect (v7.0): the run ends as the scenario's expect block says",
      ])
  }

  /// The index of a step header line such as ` [  12] collect   migrate_vma_collect_pmd:27`.
  private func stepIndex(_ line: String) -> Int? {
    guard line.count > 7, line.dropFirst().hasPrefix("["), let close = line.firstIndex(of: "]")
    else { return nil }
    return Int(
      line[line.index(line.startIndex, offsetBy: 2)..<close].trimmingCharacters(in: .whitespaces))
  }

  @Test func traceFiltersListOnlyTheStepsAboutAPageSlotOrPhase() throws {
    let page = try Folioscope.run(["trace", "mixed-eight", "--pfn", "0x100"])
    #expect(page.status == 0)
    #expect(page.lines.prefix(2) == ["Eight slots, eight fates — kernel v7.0 — 40 steps (0–39)",
                                     "showing 5 steps about pfn 0x100"])
    // 22 is the driver's copy: it names the destination, but slot 0's src names 0x100.
    #expect(page.lines.compactMap(stepIndex) == [4, 14, 22, 27, 34])
    #expect(page.lines.contains("invariants: 40 checks, all held"), "the summary stays whole")
    let both = try Folioscope.run(["trace", "mixed-eight", "--slot", "7", "--phase", "pages", "--phase", "finalize"])
    #expect(both.lines[1] == "showing 2 steps about slot 7, in pages or finalize")
    #expect(both.lines.compactMap(stepIndex) == [30, 37])
    let json = try Folioscope.run(["trace", "mixed-eight", "--slot", "1", "--json"])
    let document = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
    let steps = try #require(document["steps"] as? [[String: Any]])
    #expect(steps.compactMap { $0["index"] as? Int } == [5, 15, 23, 28, 35])
    let outside = try Folioscope.run(["trace", "mixed-eight", "--pfn", "0x5000"])
    #expect(outside.status == 64)
    #expect(outside.stderr == "folioscope: --pfn 0x5000 is outside this scenario's memory (0x100–0x10f, 0x800–0x80f, 0x900–0x90f).\n",
            "one line, without the usage of another command")
    let noSuchSlot = try Folioscope.run(["trace", "mixed-eight", "--slot", "9"])
    #expect(noSuchSlot.status == 64 && noSuchSlot.stderr.contains("--slot 9: no call has that many slots (at most 8)."))
    let bad = try Folioscope.run(["trace", "mixed-eight", "--pfn", "zz"])
    #expect(bad.status == 64)
    #expect(bad.stderr.contains("--pfn 'zz' is not a pfn: give 0x100 or 256."))
  }

  @Test("trace --brief: one line per step, with the listing line it stands at, and no explanation")
  func traceBriefIsOneLinePerStep() throws {
    let full = try Folioscope.output("trace", "mixed-eight")
    let brief = try Folioscope.output("trace", "mixed-eight", "--brief")
    let steps = brief.split(separator: "\n").filter { $0.hasPrefix(" [") || $0.hasPrefix("✗[") }
    #expect(steps.count == 40)
    #expect(steps[7].hasPrefix("✗[   7] collect   migrate_vma_collect_pmd:27  slot 3  pfn 0x103"))
    #expect(steps[7].hasSuffix("│ fails (pinned): put the PTE back, unlock, put, src = 0"), "\(steps[7])")
    // The listing column is one straight column, however long a step's function name.
    let columns = Set(steps.compactMap { line in line.firstIndex(of: "│").map { line.distance(from: line.startIndex, to: $0) } })
    #expect(columns.count == 1, "\(columns)")
    #expect(!brief.contains("folio_try_share_anon_rmap_pte") && full.contains("folio_try_share_anon_rmap_pte"))
    #expect(brief.hasSuffix(full.components(separatedBy: "\ncall 1:").last ?? "x"), "the final state is the same")
    #expect(try Folioscope.run(["trace", "mixed-eight", "--brief", "--json"]).status == 64)
  }

  @Test func traceKernelOptionChangesTheHeader() throws {
    let result = try Folioscope.run(["trace", "mixed-eight", "--kernel", "v6.8"])
    #expect(result.status == 0)
    #expect(result.lines.first == "Eight slots, eight fates — kernel v6.8 — 40 steps (0–39)")
    // v6.8's dmirror sets W in dst for holes in a writable VMA.
    #expect(result.lines.contains("  slot 1     src 0x2       _M__   dst 0x20049   V_W_"))
  }

  @Test func aScenarioWhoseTitleV68WouldBelieTitlesItsV68RunOtherwise() throws {
    let old = try Folioscope.run(["trace", "thp-compound", "--kernel", "v6.8", "--brief"])
    #expect(old.lines.first?.hasPrefix(
      "v6.8 has no SELECT_COMPOUND: the huge page is split and moves as 512 small pages — kernel v6.8 — ") == true)
    let new = try Folioscope.run(["trace", "thp-compound", "--brief"])
    #expect(new.lines.first?.hasPrefix("A huge page moves as one compound entry — kernel v7.0 — ") == true)
  }

  @Test func compareMixedEightNamesTheDifferingSlotsAndTheFirstDivergence() throws {
    let result = try Folioscope.run(["compare", "mixed-eight"])
    #expect(result.status == 0)
    #expect(
      Array(result.lines.prefix(4)) == [
        "Eight slots, eight fates: v6.8 (40 steps) vs v7.0 (40 steps)",
        "Slots whose outcome differs:",
        "  call 1 slot 1: v6.8 src 0x2 _M__ dst 0x20049 V_W_  |  v7.0 src 0x2 _M__ dst 0x20041 V___",
        "  call 1 slot 2: v6.8 src 0x2 _M__ dst 0x20089 V_W_  |  v7.0 src 0x2 _M__ dst 0x20081 V___",
      ])
    // The holes' W is the reference driver's change, and compare says so.
    #expect(result.lines.contains { $0.hasPrefix("  dst W on 2 hole or zero-page slots: v6.8's dmirror also set W") })
    #expect(result.lines.contains("The two take the same steps, but these 3 do something else:"))
    #expect(
      result.lines.contains {
        $0.hasPrefix("  v6.8 step 23 driver dmirror_migrate_alloc_and_copy:")
      })
    // The restore reads the same under both; the entry it writes does not, and compare says how
    // (v7.0's remove_migration_pte takes soft-dirty from the migration entry alone).
    #expect(result.lines.contains { $0.hasPrefix("  v6.8 step 18 unmap migrate_device_unmap: Restore slot 4:") })
    #expect(result.lines.contains("    The entry at A:0x7f0000004000 ends a present PTE [write dirty young soft_dirty] under "
      + "v6.8, a present PTE [write dirty young] under v7.0."))
  }

  /// The same calls made in another order (v7.0's fault sleeps, so its migrate_to_ram comes
  /// after the driver's call) are compared call with call, not position with position; v6.8's
  /// fault refaults until it can lock the page, so its first, empty attempt is its own and its
  /// last attempt is v7.0's one call.
  @Test func compareMatchesCallsMadeInAnotherOrder() throws {
    let result = try Folioscope.run(["compare", "fault-on-locked-page"])
    #expect(result.status == 0)
    #expect(result.lines.contains("  v6.8 call 1 (migrate_vma at 0x7f0000000000): v7.0 makes no such call"))
    #expect(result.lines.contains(
      "  call 2 (v7.0's call 1) slot 0: v6.8 src 0x2 _M__ dst 0x20009 V_W_  |  v7.0 src 0x2 _M__ dst 0x20001 V___"))
    // The fault that moved the page home did the same under both.
    #expect(!result.lines.contains { $0.hasPrefix("  call") && $0.contains("0x2000b") })
    // The driver's allocation for the hole is the same step under both, not a rename.
    #expect(!result.lines.contains { $0.contains("dmirror_migrate_alloc_and_copy → dmirror_devmem_fault_alloc_and_copy") })
    #expect(result.lines.contains("Of the steps both take, these 5 do something else:"))
  }

  /// Slots and steps scattered through a call that differ alike are one line each: the 249 holes
  /// of large-mix-2mib that v6.8's dmirror gives W used to take 750 lines.
  @Test func compareFoldsScatteredAlikeSlotsAndSteps() throws {
    let result = try Folioscope.run(["compare", "large-mix-2mib"])
    #expect(result.status == 0)
    #expect(result.lines.contains(
      "  call 1, 249 slots (1, 3, 7, 11, 15, 19, …): v6.8 src _M__ dst V_W_  |  v7.0 src _M__ dst V___  (pfns: trace --slot N)"))
    #expect(result.lines.contains("The two take the same steps, but these 253 do something else:"))
    #expect(result.lines.contains { $0.hasPrefix("  … and 248 more like it: steps 784, 787, 790,") })
    #expect(result.lines.count < 30, "\(result.lines.count) lines")
  }

  /// What a driver ported from v6.8 must do differently about the fault page shows as the steps
  /// that differ, and renamed functions are not taken for a divergence.
  @Test func compareFaultToRamListsTheStepsThatLockTheFaultPage() throws {
    let result = try Folioscope.run(["compare", "fault-to-ram"])
    #expect(result.status == 0)
    #expect(result.lines.contains(
      "The final src/dst arrays, page tables and struct pages are the same under both versions."))
    #expect(result.lines.contains("They first part at v6.8 step 1, v7.0 step 1 (below)."))
    #expect(result.lines.contains("The two take the same steps, but these 4 do something else:"))
    let differing = result.lines.filter { $0.hasPrefix("  v7.0 step ") }.map { $0.split(separator: " ")[2] }
    #expect(differing == ["1", "5", "17", "19"])
    #expect(result.lines.contains { $0.hasPrefix("  v7.0 step 17 finalize __migrate_device_finalize:") && $0.contains("left locked") })
    #expect(result.lines.suffix(4) == [
      "The same steps in another function, renamed or moved into a helper (v6.8 → v7.0):",
      "  migrate_folio_extra → folio_migrate_mapping",
      "  migrate_device_finalize → __migrate_device_finalize",
      "What a driver sees change from v6.8 to v7.0, scenario by scenario: docs/porting-v6.8-to-v7.0.md",
    ])
  }

  /// v6.8 leaks a reference when the trylock of a PMD-mapped THP fails at collect: the arrays
  /// and page tables end alike, the page does not.
  @Test func compareShowsAPageWhoseFinalStateDiffers() throws {
    let result = try Folioscope.run(["compare", "thp-trylock-fails"])
    #expect(result.status == 0)
    #expect(result.lines.contains("Pages whose final state differs:"))
    #expect(result.lines.contains("  page 0x200: v6.8 refcount 2  |  v7.0 refcount 1"))
    #expect(!result.lines.contains { $0.hasPrefix("Slots whose outcome differs") })
  }

  @Test func compareFoldsAFolioWorthOfAlikeSlotsIntoOneLine() throws {
    let result = try Folioscope.run(["compare", "thp-compound"])
    #expect(result.status == 0)
    #expect(result.lines.contains(
      "  call 1 slots 1–511: v6.8 src 0x804b…0xffcb VMW_ dst 0x20009…0x27f89 V_W_  |  v7.0 src 0x0 ____ dst 0x0 ____"))
    // v7.0 maps the THP at PMD level: each page is compared with the page its PMD maps there.
    #expect(result.lines.contains(
      "  A 0x7f0000001000…0x7f00001ff000 (511 pages): v6.8 device_private 0x800…0x9fe W  |  v7.0 device_private PMD 0xa01…0xbff W"))
    #expect(result.lines.contains("  A 0x7f0000200000: v6.8 none  |  v7.0 device_private PMD 0x800 W"))
    // v7.0 collects each THP as one compound entry.
    #expect(result.lines.contains("  call 1: v6.8 migrate_vma_setup returned 0, cpages 512  |  v7.0 migrate_vma_setup returned 0, cpages 1"))
    // Two calls of 512 slots and 1024 entries, each folio's worth on a line or two.
    let folded = result.lines.filter { $0.hasPrefix("  call ") || $0.hasPrefix("  A ") }
    #expect(folded.count <= 12, "\(folded.count) lines")
    // Two heads (order 0 under v6.8, 9 under v7.0), their tails, and a page only v7.0 uses.
    #expect(result.lines.filter { $0.hasPrefix("  page") }.count == 5, "pages fold the same way")
  }

  @Test func compareMthpShowsEverySlotMigratedOnlyInV7() throws {
    let result = try Folioscope.run(["compare", "mthp-pte-mapped"])
    #expect(result.status == 0)
    #expect(
      result.lines.first
        == "A PTE-mapped 64 KiB folio — split in v7.0, skipped in v6.8: v6.8 (30 steps) vs v7.0 (96 steps)"
    )
    // All 16 slots differ alike: one line for the folio.
    #expect(result.lines.contains(
      "  call 1 slots 0–15: v6.8 src 0x0 ____ dst 0x0 ____  |  v7.0 src 0xc00b…0xc3cb VMW_ dst 0x20009…0x203c9 V_W_"))
    #expect(
      result.lines.contains(
        "  A 0x7f0000000000…0x7f000000f000 (16 pages): v6.8 present 0x300…0x30f W  |  v7.0 device_private 0x800…0x80f W"))
    // The stretches only one kernel takes, lined up: v7.0 splits and migrates, v6.8 skips.
    #expect(result.lines.contains("Where the runs part (steps only one kernel takes):"))
    #expect(result.lines.contains(
      "  v6.8 steps 4–19 (migrate_vma_collect_pmd)  |  v7.0 steps 4–20 (migrate_vma_split_folio, migrate_vma_collect_pmd)"))
    #expect(result.lines.contains("  v6.8 nothing  |  v7.0 steps 42–57 (dmirror_migrate_alloc_and_copy)"))
    #expect(result.lines.contains("Of the steps both take, this one does something else:"))
  }

  /// `trace --check` keeps a scenario file as a regression check: it exits 1, saying why, when
  /// the run ends other than its expect block says.
  @Test func traceCheckFailsOnADifferenceFromTheExpectBlock() throws {
    let example = Folioscope.packageRoot.appendingPathComponent("Examples/scenarios/anon-to-device.yaml")
    let text = try String(contentsOf: example, encoding: .utf8)
    #expect(try Folioscope.run(["trace", example.path, "--check"]).status == 0)
    let folder = try TemporaryFolder()
    let wrong = try folder.write(text.replacingOccurrences(of: "pfn: 0x800, refcount: 1", with: "pfn: 0x800, refcount: 2"),
                                 to: "wrong.yaml")
    for kernel in ["v7.0", "v6.8"] {
      let result = try Folioscope.run(["trace", wrong, "--check", "--kernel", kernel])
      #expect(result.status == 1)
      #expect(result.stderr == "folioscope: check failed under \(kernel): 1 difference from the expect block\n")
      #expect(result.stdout.contains("expect (\(kernel)): 1 difference"))
    }
    #expect(try Folioscope.run(["trace", wrong]).status == 0, "without --check the trace is only printed")
  }

  /// Narration keyed to a step the run never reaches would silently never show.
  @Test func traceCheckFailsOnNarrationPastTheLastStep() throws {
    let example = Folioscope.packageRoot.appendingPathComponent("Examples/scenarios/anon-to-device.yaml")
    let text = try String(contentsOf: example, encoding: .utf8)
    let folder = try TemporaryFolder()
    let path = try folder.write(text.replacingOccurrences(of: "\nexpect:", with: "  steps: {3: \"kept\", 99: \"lost\"}\n\nexpect:"),
                                to: "narrated.yaml")
    let result = try Folioscope.run(["trace", path, "--check"])
    #expect(result.status == 1)
    #expect(result.stdout.contains("narration: step 99 never shows: the run ends at step 19"))
    #expect(result.stderr == "folioscope: check failed under v7.0: narration: step 99 never shows: the run ends at step 19\n")
    // Step texts belong to the scenario's kernel: another kernel's run does not judge them.
    #expect(try Folioscope.run(["trace", path, "--check", "--kernel", "v6.8"]).status == 0)
  }

  @Test func versionNamesTheKernelsModelled() throws {
    let result = try Folioscope.run(["--version"])
    #expect(result.status == 0)
    #expect(result.stdout == "folioscope 0.1.0: models mm/migrate_device.c of Linux v6.8 and v7.0\n")
  }
}
