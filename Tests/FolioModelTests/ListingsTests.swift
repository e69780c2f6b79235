@testable import FolioModel
import Testing

/// The labels the engine's steps point at, per function: each must name exactly one line.
private let requiredLabels: [String: [String]] = [
  "migrate_vma_setup": ["entry", "vma", "nr_pages", "range", "arrays", "fault_page", "fault_locked", "zero", "unmap",
                        "return"],
  "migrate_vma_collect": ["notifier", "done"],
  "migrate_vma_collect_skip": ["skip"],
  "migrate_vma_collect_hole": ["compound", "hole"],
  "migrate_vma_collect_pmd": ["pte_none", "nonpresent", "devpriv_skip", "zero", "normal_page", "select_system",
                              "select_coherent", "thp_skip", "no_mapping", "trylock", "share", "migration_entry",
                              "split_zero", "split"],
  "migrate_vma_collect_huge_pmd": ["zero", "compound", "split"],
  "migrate_vma_split_folio": ["lock", "split"],
  "migrate_device_unmap": ["drain", "isolate", "check", "unmapped", "holes", "restore", "return"],
  "__migrate_device_pages": ["no_dst", "hole_no_dst", "split_fail", "compound_mismatch", "file_to_device", "swapcache", "migrate"],
  "migrate_vma_pages": ["entry", "done"],
  "migrate_device_pages": ["entry", "done"],
  "folio_migrate_mapping": ["refcount", "moved"],
  "migrate_folio": ["refcount", "moved"],
  "migrate_folio_extra": ["refcount", "moved"],
  "migrate_vma_insert_page": ["anon", "pmd", "pte", "set_pte"],
  "migrate_vma_insert_huge_pmd_page": ["abort", "set_pmd"],
  "migrate_vma_split_unmapped_folio": ["split"],
  "migrate_vma_finalize": ["entry"],
  "migrate_device_finalize": ["entry", "hole", "migrated", "restore", "done"],
  "__migrate_device_finalize": ["hole", "migrated", "restore", "done"],
  "migrate_device_range": ["entry"],
  "migrate_device_pfns": ["entry"],
  "migrate_device_pfn_lock": ["get", "trylock", "locked"],
  "migrate_device_coherent_folio": ["lock", "ebusy", "alloc_fail", "alloc", "copy", "return"],
  "migrate_device_coherent_page": ["lock", "ebusy", "alloc_fail", "alloc", "copy", "return"],
  "dmirror_migrate_alloc_and_copy": ["entry", "skip", "decline", "alloc_fail", "alloc", "fallback"],
  "dmirror_devmem_fault_alloc_and_copy": ["entry", "skip", "decline", "alloc_fail", "alloc_skip", "alloc", "fallback",
                                          "fallback_fail"],
  "dmirror_migrate_finalize_and_map": ["map"],
  "dmirror_device_evict_chunk": ["entry", "decline", "alloc_fail", "fallback", "alloc"],
  "do_swap_page": ["device_private", "trylock", "wake", "release", "refault", "other"],
  "remove_device_exclusive_entry": ["wait", "wake", "restore", "release"],
  "do_huge_pmd_device_private": ["device_private", "release", "refault"],
  "migration_entry_wait": ["wait", "wake"],
  "pmd_migration_entry_wait": ["wait", "wake"],
  "do_anonymous_page": ["zero", "new_page"],
  "do_wp_page": ["reuse", "copy", "new_page"],
  "handle_mm_fault": ["novma", "sigsegv", "pmd_huge", "pmd_wp", "read", "present", "oom", "sigbus"],
  "folio_lock": ["free", "wait", "lock"],
  "folio_unlock": ["not_held", "unlock"],
  "folio_get": ["free", "get"],
  "folio_put": ["none", "put"],
  "scenario": [],
]

/// Listings that are deliberately shorter than the usual 8 lines: one-line helpers and the
/// scenario's start/end marker.
private let shortListings: Set<String> = ["folio_lock", "folio_unlock", "folio_get", "folio_put", "scenario"]

@Suite("Paraphrased kernel listings")
struct ListingsTests {
  @Test("The registry holds exactly the functions the engine names")
  func registryMatchesTable() {
    #expect(Set(Listings.all.keys) == Set(requiredLabels.keys))
  }

  @Test("Every required label names exactly one line", arguments: requiredLabels.keys.sorted())
  func requiredLabelsPresent(function: String) throws {
    let listing = try #require(Listings.listing(for: function))
    for label in requiredLabels[function] ?? [] {
      #expect(listing.lines.filter { $0.label == label }.count == 1, "\(function): label \(label)")
    }
  }

  @Test("Lines fit the code pane: at most 70 columns, 2-space indents, unique labels",
        arguments: Listings.all.keys.sorted())
  func shape(function: String) throws {
    let listing = try #require(Listings.listing(for: function))
    let range = shortListings.contains(function) ? 1...3 : 8...30
    #expect(range.contains(listing.lines.count), "\(function) has \(listing.lines.count) lines")
    for line in listing.lines {
      #expect(line.text.count <= 70, "\(function): \(line.text)")
      let indent = line.text.prefix { $0 == " " }.count
      #expect(indent % 2 == 0, "\(function): odd indent in \(line.text)")
      #expect(!line.text.contains("\t"), "\(function): tab in \(line.text)")
    }
    let labels = listing.lines.map(\.label).filter { !$0.isEmpty }
    #expect(Set(labels).count == labels.count, "\(function): duplicate labels \(labels)")
  }

  @Test("A labelled step resolves to its 1-based line")
  func lineOfLabel() throws {
    let listing = try #require(Listings.listing(for: "migrate_vma_setup"))
    #expect(listing.line(of: "entry") == 1)
    #expect(listing.line(of: "no such label") == nil)
    #expect(listing.file == "mm/migrate_device.c")
    #expect(Listings.listing(for: "do_swap_page")?.file == "mm/memory.c")
  }
}
