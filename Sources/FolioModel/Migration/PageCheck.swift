import FolioScenario

/// The verdict of `migrate_vma_check_page()` (spec §4.2) as numbers: which extra references it
/// explains and the counts it compared. Unmap runs it for every slot, so its sentence is written
/// only when someone reads it (`text`).
struct PageCheck: Sendable {
  /// The extra references beyond migration's own, as bits of `terms`.
  static let fault: UInt8 = 1, zoneDevice: UInt8 = 2, pageCache: UInt8 = 4, swapCache: UInt8 = 8

  /// v6.8 refuses a large folio before counting anything.
  var refusesLarge = false
  var terms: UInt8 = 0
  var refcount: Int
  var mapcount: Int
  /// The folio's order, when a cache holds it: the cache holds a reference for each page, and
  /// the check counts one for the whole folio.
  var cachedOrder = 0
  var cachedPages: Int { 1 << cachedOrder }

  /// `migrate_vma_check_page(page, fault_page)` (spec §4.2): is any reference of the folio
  /// headed by `head` unexplained? `faultPage`: the page src names is `fault_page` itself (the kernel
  /// compares pages, so a compound entry counts the fault reference only when fault_page is its head).
  static func migrateVMACheckPage(_ head: PageFrame, faultPage: Bool, kernel: KernelVersion) -> PageCheck {
    var check = PageCheck(refcount: head.refcount, mapcount: head.mapcount)
    if faultPage { check.terms |= fault }
    if !kernel.hasCompound && head.order > 0 { check.refusesLarge = true; return check }
    if head.zone.isDevice { check.terms |= zoneDevice }
    if head.swapcache { check.terms |= swapCache }
    else if head.mapping == .file || head.mapping == .shmem { check.terms |= pageCache }
    if check.terms & (swapCache | pageCache) != 0 { check.cachedOrder = head.order }
    return check
  }

  /// The references the check expects besides the mappings.
  var extra: Int { 1 + terms.nonzeroBitCount }

  var ok: Bool { !refusesLarge && refcount - extra <= mapcount }

  /// The check's sum and verdict, e.g. "refcount 2 − extra 1 [1 (migration's own)] = 1 ≤ mapcount 1, …".
  var text: String {
    if refusesLarge { return "v6.8 refuses large folios" }
    var names = ["1 (migration's own)"]
    if terms & Self.fault != 0 { names.append("1 (the fault handler's)") }
    if terms & Self.zoneDevice != 0 { names.append("1 (ZONE_DEVICE, kept from when free device pages held a reference)") }
    if terms & Self.swapCache != 0 { names.append("1 (swap cache)") }
    if terms & Self.pageCache != 0 { names.append("1 (page cache)") }
    let sum = "refcount \(refcount) − extra \(extra) [\(names.joined(separator: " + "))] = \(refcount - extra)"
    guard ok else {
      // The cache references of every page but one are references the check cannot explain.
      let unexplained = refcount - extra - mapcount
      guard cachedPages > 1 else { return "\(sum) > mapcount \(mapcount): someone else holds a reference, so the page is pinned" }
      let cache = terms & Self.swapCache != 0 ? "swap" : "page"
      let others = unexplained - (cachedPages - 1)
      return "\(sum) > mapcount \(mapcount): the check counts one \(cache)-cache reference for the whole folio, but the "
        + "\(cache) cache holds one for each of its \(cachedPages) pages, so a large \(cache)-cache folio never passes"
        + (others > 0 ? "; besides, \(counted(others, "reference is", "references are")) held elsewhere" : "")
    }
    guard terms & Self.zoneDevice != 0 else { return "\(sum) ≤ mapcount \(mapcount), no one else holds a reference" }
    // The ZONE_DEVICE term counts a reference free device pages no longer hold: one outside
    // reference fits in it unseen.
    return refcount - extra < mapcount
      ? "\(sum) ≤ mapcount \(mapcount), no one else holds a reference (the ZONE_DEVICE term counts one reference "
        + "more than a device folio holds, hence one below)"
      : "\(sum) ≤ mapcount \(mapcount): the check passes, yet one reference is held elsewhere; the ZONE_DEVICE "
        + "term counts one more than a device folio holds, so one outside reference goes unseen here"
  }
}
