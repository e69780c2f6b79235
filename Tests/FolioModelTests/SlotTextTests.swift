@testable import FolioModel
import FolioScenario
import Testing

/// Unmap's per-slot texts are kept as numbers: they must stay 32 bytes and write the same
/// sentences the engine used to format, including the branches no built-in scenario reaches.
@Suite("Unmap's slot texts")
struct SlotTextTests {
  @Test func slotTextStaysThirtyTwoBytes() {
    #expect(MemoryLayout<SlotText>.size == 32)
  }

  @Test func checkCountsEveryExtraReferenceItExplains() {
    let check = PageCheck(terms: PageCheck.fault | PageCheck.zoneDevice | PageCheck.swapCache, refcount: 5, mapcount: 1)
    #expect(check.extra == 4 && check.ok)
    #expect(check.text == "refcount 5 − extra 4 [1 (migration's own) + 1 (the fault handler's) + 1 (ZONE_DEVICE, kept from when free device pages held a reference) + "
      + "1 (swap cache)] = 1 ≤ mapcount 1: the check passes, yet one reference is held elsewhere; the ZONE_DEVICE "
      + "term counts one more than a device folio holds, so one outside reference goes unseen here")
    let device = PageCheck(terms: PageCheck.zoneDevice, refcount: 1, mapcount: 0)
    #expect(device.text.hasSuffix("= -1 ≤ mapcount 0, no one else holds a reference (the ZONE_DEVICE term counts one "
      + "reference more than a device folio holds, hence one below)"))
    #expect(PageCheck(refcount: 2, mapcount: 1).text == "refcount 2 − extra 1 [1 (migration's own)] = 1 ≤ mapcount 1, "
      + "no one else holds a reference")
    let pinned = PageCheck(terms: PageCheck.pageCache, refcount: 4, mapcount: 1)
    #expect(!pinned.ok)
    #expect(pinned.text == "refcount 4 − extra 2 [1 (migration's own) + 1 (page cache)] = 2 > mapcount 1: someone "
      + "else holds a reference, so the page is pinned")
    #expect(PageCheck(refusesLarge: true, refcount: 1, mapcount: 0).text == "v6.8 refuses large folios")
  }

  @Test func aFailedCheckOfAStillMappedFolioSaysSo() {
    let check = PageCheck(refcount: 3, mapcount: 1)
    let text = SlotText(unmap: .checkFailed, check: check, isolated: 3, migrated: 1, src: 0x1)
    let walk = TryToMigrateWalk(conversions: [.pte(process: "B", address: 0x7f00_0000_2000, kind: .write)],
                                stop: .pinnedPTE(process: "C"))
    let notes: [SlotNote] = [.empty, .walk(walk)]
    #expect(text.check.refcount == 3 && text.check.mapcount == 1)
    #expect(text.string(slot: 2, pfn: 0x104, function: "migrate_device_unmap", notes: notes) == "Slot 2 (0x104): "
      + "folio_isolate_lru() takes it off the LRU (+1 ref) and folio_put() drops collect's ref: refcount 3. "
      + "try_to_migrate() converts B's PTE at 0x7f0000002000 → write migration entry. The mapping's mapcount and "
      + "the reference it held go with it (folio_remove_rmap_pte, folio_put): both drop by 1. C's page is pinned "
      + "anon-exclusive (folio_try_share_anon_rmap_pte fails): its PTE is put back and the walk stops. "
      + "migrate_vma_check_page(): it is still mapped (mapcount 1). folio_get() + "
      + "folio_putback_lru() put it back on the LRU. MIGRATE is cleared (src = 0x1); it will be restored.")
  }

  @Test("v6.8's migrate_device_unmap names the page helpers it called")
  func v68NamesThePageHelpers() {
    let check = PageCheck(terms: PageCheck.pageCache, refcount: 4, mapcount: 0)
    var text = SlotText(unmap: .checkFailed, check: check, isolated: 4, migrated: 0, src: 0x1)
    text.flags |= SlotText.pageHelpers
    #expect(text.string(slot: 3, pfn: 0x107, function: "migrate_device_unmap", notes: [.empty]) == "Slot 3 (0x107): "
      + "isolate_lru_page() takes it off the LRU (+1 ref) and put_page() drops collect's ref: refcount 4. "
      + "migrate_vma_check_page(): \(check.text). get_page() + putback_lru_page() put it back on the LRU. "
      + "MIGRATE is cleared (src = 0x1); it will be restored.")
  }

  @Test("Each kernel's steps name its own helpers: v6.8's unmap the page ones; collect and insert folio ones in both",
        arguments: KernelVersion.allCases)
  func stepsNameTheKernelsHelpers(kernel: KernelVersion) throws {
    let timeline = Simulation.run(try BuiltinScenarios.load("mixed-eight"), kernel: kernel)
    let page = kernel == .v6_8
    // v6.8-rc1 converted collect's PTE loop (with folio_remove_rmap_pte) and migrate_vma_insert_page to folios.
    let collected = try #require(timeline.steps.first { $0.function == "migrate_vma_collect_pmd" && $0.label == "migration_entry" })
    #expect(collected.text.contains("folio_get() and folio_trylock() succeed"), "\(collected.text)")
    #expect(!collected.text.contains("put_page"), "\(collected.text)")
    let contended = try #require(timeline.steps.first { $0.label == "trylock" })
    #expect(contended.text.contains("folio_get(), then folio_trylock() fails"), "\(contended.text)")
    let inserted = try #require(timeline.steps.first { $0.function == "migrate_vma_insert_page" })
    #expect(inserted.text.contains("folio_get() (refcount"), "\(inserted.text)")
    let allocated = try #require(timeline.steps.first { $0.label == "alloc" && $0.phase == .driver })
    #expect(allocated.text.contains(page ? "(zone_device_page_init: refcount 1, locked)"
                                         : "(zone_device_folio_init: refcount 1, locked)"), "\(allocated.text)")
    let unmapped = try #require(timeline.steps.first { $0.function == "migrate_device_unmap" && $0.label == "unmapped" })
    #expect(unmapped.text.contains(page ? "isolate_lru_page()" : "folio_isolate_lru()"), "\(unmapped.text)")
  }

  @Test("A refused slot's finalize drops the unused destination first, then restores the source", arguments: KernelVersion.allCases)
  func unusedDestinationGoesFirst(kernel: KernelVersion) throws {
    let timeline = Simulation.run(try BuiltinScenarios.load("file-backed"), kernel: kernel)
    let restored = try #require(timeline.steps.first { $0.phase == .finalize && $0.text.contains("unused destination") })
    // The source goes back on the LRU: v7.0 before restoring it, v6.8 instead of a plain put.
    let lru = kernel == .v7_0 ? "folio_add_lru() puts it back on the LRU and " : ""
    #expect(restored.text.hasPrefix("Slot 0: not migrated, so the unused destination 0x804 is unlocked and put "
      + "(refcount 0); then the source is the winner: \(lru)remove_migration_ptes() restores"), "\(restored.text)")
    #expect(restored.text.hasSuffix(kernel == .v6_8 ? "unlocked and put back on the LRU by putback_lru_page() (refcount 2)."
      : "unlocked and put (refcount 2)."), "\(restored.text)")
  }

  @Test("A large swap-cache THP fails the unmap check because it counts one cache reference, not because of a pin")
  func largeCachedFolioCheck() throws {
    var scenario = thpScenario(select: [.system, .compound])
    scenario.folios[0].swapcache = true
    var pinned = scenario
    pinned.folios[0].extraRefs = 2
    for (run, besides) in [(scenario, ""), (pinned, "; besides, 2 references are held elsewhere")] {
      let timeline = Simulation.run(run, kernel: .v7_0)
      #expect(timeline.violations.isEmpty, "\(timeline.violations)")
      let check = try #require(timeline.steps.first { $0.function == "migrate_device_unmap" && $0.label == "check" })
      #expect(check.text.contains("> mapcount 0: the check counts one swap-cache reference for the whole folio, but the "
        + "swap cache holds one for each of its 512 pages, so a large swap-cache folio never passes\(besides)."), "\(check.text)")
    }
  }

  @Test("v6.8's migrate_folio_extra says a missing fault reference is missing, not an extra one")
  func missingFaultReference() throws {
    let timeline = Simulation.run(try BuiltinScenarios.load("setup-einval"), kernel: .v6_8)
    let refused = try #require(timeline.steps.first { $0.function == "migrate_folio_extra" && $0.failed })
    #expect(refused.text.contains("but finds 1: a reference it counts on is missing"), "\(refused.text)")
  }

  @Test func aDeviceFolioIsNeitherIsolatedNorPutBackOnTheLRU() {
    let check = PageCheck(refusesLarge: true, refcount: 2, mapcount: 0)
    let failed = SlotText(unmap: .checkFailed, check: check, isolated: nil, migrated: 0, device: true, src: 0x801)
    #expect(failed.string(slot: 0, pfn: 0x800, function: "migrate_device_unmap", notes: [.empty]) == "Slot 0 (0x800): "
      + "migrate_vma_check_page(): v6.8 refuses large folios. MIGRATE is cleared (src = 0x801); it will be restored.")
    let kept = SlotText(unmap: .unmapped, check: PageCheck(terms: PageCheck.zoneDevice, refcount: 2, mapcount: 0),
                        isolated: nil, migrated: 0)
    #expect(kept.string(slot: 1, pfn: 0x801, function: "migrate_device_unmap", notes: [.empty]) == "Slot 1 (0x801): "
      + "migrate_vma_check_page(): refcount 2 − extra 2 [1 (migration's own) + 1 (ZONE_DEVICE, kept from when free device pages held a reference)] = 0 ≤ mapcount 0: "
      + "the check passes, yet one reference is held elsewhere; the ZONE_DEVICE term counts one more than a device "
      + "folio holds, so one outside reference goes unseen here. The folio is unmapped and locked, and held by the reference collect took (a "
      + "device folio is never on the LRU): still MIGRATE.")
    let system = SlotText(unmap: .unmapped, check: PageCheck(refcount: 1, mapcount: 0), isolated: 1, migrated: 0)
    #expect(system.string(slot: 0, pfn: 0x100, function: "migrate_device_unmap", notes: [.empty])
              .hasSuffix("The folio is unmapped and locked, and isolated from the LRU: still MIGRATE."))
  }
}
