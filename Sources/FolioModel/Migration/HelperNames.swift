/// The reference and lock helpers `mm/migrate_device.c` calls, by the names a kernel version
/// gives them: v6.8's unmap, finalize and device-range code still called the page ones
/// (`get_page`, `trylock_page`, …) where later kernels call the folio ones, and a step names
/// what its version's code says. (v6.8's collect PTE loop already used the folio ones.)
struct HelperNames {
  /// `folio_get` / `get_page`.
  let get: String
  /// `folio_put` / `put_page`.
  let put: String
  /// `folio_trylock` / `trylock_page`.
  let trylock: String
  /// `folio_unlock` / `unlock_page`.
  let unlock: String
  /// `migrate_device_pfn_lock`'s first step: `folio_get_nontail_page` / `get_page_unless_zero`.
  let getUnlessFree: String

  init(pageHelpers: Bool) {
    (get, put, trylock, unlock, getUnlessFree) = pageHelpers
      ? ("get_page", "put_page", "trylock_page", "unlock_page", "get_page_unless_zero")
      : ("folio_get", "folio_put", "folio_trylock", "folio_unlock", "folio_get_nontail_page")
  }
}
