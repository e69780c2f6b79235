import FolioModel

/// Where the user scrolled one process's page-table window to.
public struct PageTableScroll: Sendable, Hashable {
  public var process: Int
  public var address: UInt64
}

/// One line of the page-table pane: a process heading, or one PTE/PMD entry with the folio it
/// points at.
public struct PageTableRow: Sendable, Hashable {
  public var process: Int
  /// Nil for the process heading line.
  public var address: UInt64?
  public var text: String
  public var pfn: PFN?
  public var changed: Bool

  /// The rows for `height` lines: each process gets a heading and a window of consecutive pages
  /// around its focus address (the page this step changed, or the slot under the arrays
  /// cursor, or its first VMA), so only the entries drawn are looked up. When the lines do not
  /// go round, the processes the step concerns come first (see `shares`).
  /// `scroll` overrides one process's focus address (the user moved past the window's edge).
  public static func rows(
    scene: Scene, slotCursor: Int, height: Int, scroll: PageTableScroll? = nil
  ) -> [PageTableRow] {
    let processes = scene.machine.processes
    guard !processes.isEmpty, height > 0 else { return [] }
    let windows = processes.indices.map { index -> (focus: UInt64, vma: VMA)? in
      let scrolled = scroll.flatMap { $0.process == index ? $0.address : nil }
      guard let focus = scrolled ?? focusAddress(scene: scene, process: index, slotCursor: slotCursor),
        let vma = processes[index].vma(containing: focus)
      else { return nil }
      return (focus, vma)
    }
    let wanted = windows.map { 1 + ($0.map { Int(($0.vma.end - $0.vma.start) / pageSize) } ?? 0) }
    let shares = shares(of: height, wanted: wanted, order: priority(scene: scene))
    var rows: [PageTableRow] = []
    for (index, process) in processes.enumerated() where shares[index] > 0 {
      let heading = "process \(process.name)"
      guard let (focus, vma) = windows[index] else {
        rows.append(PageTableRow(process: index, address: nil, text: heading, pfn: nil, changed: false))
        continue
      }
      let pages = wanted[index] - 1
      let focusPage = Int((focus - vma.start) / pageSize)
      let count = min(pages, shares[index] - 1)
      let first = max(0, min(focusPage - count / 2, pages - count))
      // A window onto a longer VMA says which of its pages it shows (and which VMA, when the
      // process has several: page numbers count from each VMA's start).
      let ordinal = process.vmas.count > 1 ? process.vmas.firstIndex { $0.start == vma.start }.map { "\(process.name), VMA \($0 + 1)" } : nil
      let shown = count == 1 ? "page \(first)" : "pages \(first)–\(first + count - 1)"
      let window = count == 0 ? " · no room" : count < pages ? " · \(shown) of \(pages)" : ""
      rows.append(PageTableRow(process: index, address: nil, text: (ordinal ?? heading) + window, pfn: nil, changed: false))
      for page in first..<(first + count) {
        rows.append(
          entry(scene: scene, process: index, address: vma.start + UInt64(page) * pageSize))
      }
    }
    return rows
  }

  /// The processes by how much the step concerns them: those whose entries it changed, then the
  /// one the call runs in, then the rest, each group in process order.
  private static func priority(scene: Scene) -> [Int] {
    let processes = scene.machine.processes
    let changed = Set(scene.diff.ptes.map(\.process) + scene.diff.pmds.map(\.process))
    return processes.indices.sorted { a, b in
      func rank(_ index: Int) -> Int {
        changed.contains(index) ? 0 : processes[index].name == scene.call?.process ? 1 : 2
      }
      return (rank(a), a) < (rank(b), b)
    }
  }

  /// Lines per process: a heading and one entry each in `order` while they last (so a short
  /// pane shows the processes that matter rather than headings with no entries), then one more
  /// line at a time, round the processes in `order`, up to what each wants.
  static func shares(of height: Int, wanted: [Int], order: [Int]) -> [Int] {
    var shares = Array(repeating: 0, count: wanted.count)
    var left = height
    for index in order where left > 0 {
      shares[index] = min(wanted[index], 2, left)
      left -= shares[index]
    }
    var growing = true
    while left > 0 && growing {
      growing = false
      for index in order where left > 0 && shares[index] > 0 && shares[index] < wanted[index] {
        shares[index] += 1
        left -= 1
        growing = true
      }
    }
    return shares
  }

  static func focusAddress(scene: Scene, process: Int, slotCursor: Int) -> UInt64? {
    if let vpn = scene.diff.ptes.filter({ $0.process == process }).map(\.index).min() {
      return vpn << 12
    }
    if let pmd = scene.diff.pmds.filter({ $0.process == process }).map(\.index).min() {
      return pmd << 21
    }
    let state = scene.machine.processes[process]
    // A step about a page but no slot (a fault, another thread's event): where the page is mapped.
    let step = scene.step
    if step.slot == nil, let pfn = step.pfn, let address = address(mapping: pfn, in: state) { return address }
    if let call = scene.call, call.process == state.name, let address = call.address(of: slotCursor)
    {
      return address
    }
    // Otherwise the first populated entry near the start of its first VMA (a bounded search, so
    // a huge process costs no more than a small one).
    guard let vma = state.vmas.first else { return nil }
    let limit = min(vma.end, vma.start + UInt64(hpagePMDNr) * pageSize)
    var address = vma.start
    while address < limit {
      if state.pmd(at: address) != .table || state.pte(at: address) != .none { return address }
      address += pageSize
    }
    return vma.start
  }

  /// The most PTEs a process may have for `address(mapping:in:)` to look through them: a
  /// scenario's VMAs are at most 65536 pages, and a bench run's million-page process is not
  /// searched on every frame.
  static let mappingSearchLimit = 65536

  /// The lowest address at which `state` maps `pfn` (by a PTE, or inside a huge PMD), if any.
  static func address(mapping pfn: PFN, in state: ProcessState) -> UInt64? {
    let huge = state.pmds.compactMap { index, pmd -> UInt64? in
      guard let head = pmd.pfn, pfn >= head, pfn - head < UInt64(hpagePMDNr) else { return nil }
      return index << 21 + (pfn - head) * pageSize
    }.min()
    if let huge { return huge }
    guard state.ptes.count <= mappingSearchLimit else { return nil }
    return state.ptes.first { $0.value.pfn == pfn }.map { $0.key * pageSize }
  }

  static func entry(scene: Scene, process: Int, address: UInt64) -> PageTableRow {
    let state = scene.machine.processes[process]
    let pmd = state.pmd(at: address)
    let id = PageTableEntryID(process: process, index: address >> 12)
    let pmdID = PageTableEntryID(process: process, index: address >> 21)
    let described = pmd == .table ? describe(state.pte(at: address)) : describe(pmd)
    // A PMD names its folio's head; the page at this address is further in.
    let offset = pmd == .table ? 0 : (address % (UInt64(hpagePMDNr) * pageSize)) / pageSize
    return PageTableRow(
      process: process, address: address, text: described.text, pfn: described.pfn.map { $0 + offset },
      changed: scene.diff.ptes.contains(id) || scene.diff.pmds.contains(pmdID))
  }

  /// `W D Y` letters, `_` when clear.
  static func bits(write: Bool, dirty: Bool, young: Bool) -> String {
    (write ? "W" : "_") + (dirty ? "D" : "_") + (young ? "Y" : "_")
  }

  static func describe(_ pte: PTE) -> (text: String, pfn: PFN?) {
    switch pte {
    case .none: ("none", nil)
    case .zero: (column("zero page", "___"), nil)
    case .present(let b):
      (column("present", bits(write: b.write, dirty: b.dirty, young: b.young)), b.pfn)
    case .migration(let e):
      (
        column(
          "migration-\(e.kind.letter)",
          bits(write: e.kind == .write, dirty: e.dirty, young: e.young)), e.pfn
      )
    case .devicePrivate(let e):
      (column("dev-private", bits(write: e.write, dirty: false, young: false)), e.pfn)
    case .deviceExclusive(let pfn): (column("dev-excl", "___"), pfn)
    case .swap(let offset): ("swap \(MigratePFN.hex(offset))", nil)
    }
  }

  static func describe(_ pmd: PMD) -> (text: String, pfn: PFN?) {
    switch pmd {
    case .table: ("table", nil)
    case .hugeZero: (column("PMD zero", "___"), nil)
    case .huge(let b):
      (column("PMD huge", bits(write: b.write, dirty: b.dirty, young: b.young)), b.pfn)
    case .migration(let e):
      (
        column(
          "PMD migr-\(e.kind.letter)", bits(write: e.kind == .write, dirty: e.dirty, young: e.young)
        ), e.pfn
      )
    case .devicePrivate(let e):
      (column("PMD dev-priv", bits(write: e.write, dirty: false, young: false)), e.pfn)
    }
  }

  /// The short form of a row's text for narrow panes: `migr-w WDY` instead of
  /// `migration-w  WDY`, in an 11-column field.
  static func abbreviated(_ text: String) -> String {
    let short = [
      "migration-": "migr-", "dev-private": "devpriv", "zero page": "zero", "PMD migr-": "Pmig-",
      "PMD dev-priv": "Pdevprv", "PMD huge": "Phuge", "PMD zero": "Pzero", "dev-excl": "devexcl",
    ]
    var result = text
    for (long, abbreviation) in short where result.hasPrefix(long) {
      result = abbreviation + result.dropFirst(long.count)
    }
    let parts = result.split(separator: " ", omittingEmptySubsequences: true)
    guard parts.count == 2 else { return result.padding(11) }
    return String(parts[0]).padding(7) + " " + parts[1]
  }

  /// The entry kind padded to a fixed column, then its bits.
  static func column(_ kind: String, _ bits: String) -> String { kind.padding(12) + " " + bits }
}

extension MigrationKind {
  /// `r`, `rx` (read-exclusive) or `w`.
  var letter: String {
    switch self {
    case .read: "r"
    case .readExclusive: "rx"
    case .write: "w"
    }
  }
}
