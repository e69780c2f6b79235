import FolioScenario

extension RecipeBuilder {
  /// The page as it can exist in the recipe's VMA. Shmem holds only shmem folios (no zero page,
  /// no device memory: those are anonymous) and its swapped-out pages leave no PTE; a private
  /// file mapping maps the file itself where a private anon VMA would map the zero page.
  func fitted(_ choice: PageChoice) -> PageChoice {
    var fitted = choice
    switch (recipe.vmaKind, choice.kind) {
    case (.sharedAnon, .zero), (.sharedAnon, .dev0), (.sharedAnon, .dev1), (.sharedAnon, .dev0Locked),
         (.sharedAnon, .coherent), (.sharedAnon, .coherentRef), (.sharedAnon, .swapcache):
      fitted.kind = .anon
    case (.sharedAnon, .swap): fitted.kind = .hole
    case (.file, .zero): fitted.kind = .anon
    default: break
    }
    // A shared mapping of shmem has no write notification: its PTEs are writable.
    if recipe.vmaKind == .sharedAnon { fitted.write = true }
    // uffd-wp needs a VMA registered for write-protect (here only private anon) and keeps the
    // entry read-only: x86's pte_mkuffd_wp() write-protects, and a write faults to userfaultfd.
    if recipe.vmaKind != .anonPrivate { fitted.uffdWp = false }
    if fitted.uffdWp { fitted.write = false }
    return fitted
  }

  /// What backs a system page of the VMA: shmem in shmem; in a private file mapping the page
  /// cache, mapped read-only, until a write fault made an anonymous copy (CoW).
  func backing(of choice: PageChoice) -> FolioBacking {
    switch recipe.vmaKind {
    case .anonPrivate: .anon
    case .sharedAnon: .shmem
    case .file: choice.write ? .anon : .file
    }
  }
}
