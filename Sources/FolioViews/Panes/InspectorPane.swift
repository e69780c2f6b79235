import FolioModel
import TerminalCanvas

/// What the inspector shows: a page frame, or one slot of a call's migrate arrays.
public enum InspectorSubject: Sendable, Hashable {
  case pfn(PFN)
  case slot(call: Int, slot: Int)
  /// A page-table entry: the process (by index) and the virtual address.
  case entry(process: Int, address: UInt64)
}

/// The item under the cursor in full: a page's `struct page`/folio fields with flag letters,
/// or a slot's raw migrate-pfns and its page's, then every set flag spelled out (drgn/crash
/// style). The facts come first, so a short pane cuts the spelled-out names before them, and
/// says how many lines it cut.
public struct InspectorPane: Widget {
  public var scene: Scene
  public var subject: InspectorSubject?
  /// Shown with nothing to inspect (empty on paper, where there is no cursor).
  public var placeholder: String
  /// What the placeholder says on screen.
  public static let placeholder = "Move the cursor onto a pfn, a slot or an entry."
  /// What the last line of a cut-short pane says shows the rest (`e`'s overlay), if anything.
  public var moreHint: String?

  public init(scene: Scene, subject: InspectorSubject?, placeholder: String = InspectorPane.placeholder,
              moreHint: String? = nil) {
    self.scene = scene
    self.subject = subject
    self.placeholder = placeholder
    self.moreHint = moreHint
  }

  public func render(in area: Rect, on buffer: inout Buffer) {
    let inner = buffer.drawPane(area, title: "Inspector", theme: scene.theme)
    guard !inner.isEmpty else { return }
    let lines = subject.map { describe($0).lines } ?? [placeholder]
    let wrapped = lines.flatMap { WordWrap.lines($0, width: inner.width).map { ($0, Style(.plain)) } }
    for (row, (line, style)) in ClippedLines.fit(wrapped, height: inner.height, hint: moreHint).enumerated() {
      buffer.put(line, x: inner.x, y: inner.y + row, style: style, limit: inner.width)
    }
  }

  /// What the inspector says of a subject: its facts, and the names of its set flags.
  struct Description {
    var facts: [String] = []
    var names: [String] = []
    var lines: [String] { facts + names }
  }

  func describe(_ subject: InspectorSubject) -> Description {
    switch subject {
    case .pfn(let pfn): describe(pfn: pfn)
    case .slot(let call, let slot): describe(call: call, slot: slot)
    case .entry(let process, let address): describe(process: process, address: address)
    }
  }

  /// An entry: where it is, at which level, its kind and bits, then the page it maps there.
  func describe(process: Int, address: UInt64) -> Description {
    let row = PageTableRow.entry(scene: scene, process: process, address: address)
    let state = scene.machine.processes[process]
    let pmd = state.pmd(at: address)
    let bits = pmd == .table ? EntryDescription.bits(of: state.pte(at: address)) : EntryDescription.bits(of: pmd)
    let kind = pmd == .table ? EntryDescription(state.pte(at: address)).kind : EntryDescription(pmd).kind
    var description = Description(facts: [
      "\(state.name) \(MigratePFN.hex(address)) \(pmd == .table ? "PTE" : "PMD"): "
        + row.text.split(separator: " ").filter { $0 != "PMD" }.joined(separator: " "),
    ])
    // Every bit by name when the row's W D Y letters leave one out (soft-dirty, uffd-wp, a
    // read-exclusive migration entry, a zero-page entry's soft-dirty and uffd-wp); a none, swap
    // or device-exclusive entry has none.
    if ["present", "zero", "migration", "device_private"].contains(kind),
       bits.contains(where: { !["write", "dirty", "young"].contains($0) }) {
      description.facts.append("bits: " + bits.joined(separator: " "))
    }
    if let pfn = row.pfn {
      let page = describe(pfn: pfn)
      description.facts += page.facts
      description.names += page.names
    }
    return description
  }

  func describe(pfn: PFN) -> Description {
    let machine = scene.machine
    guard let page = machine.frame(pfn), let folio = machine.folio(of: pfn) else {
      return Description(facts: [pfn == machine.zeroPfn ? "pfn \(MigratePFN.hex(pfn)): the shared zero page"
                                   : "pfn \(MigratePFN.hex(pfn)): no such page"])
    }
    let region =
      machine.region(of: pfn).map { "\($0.name), \($0.zone.rawValue)" } ?? page.zone.rawValue
    var lines = ["pfn \(MigratePFN.hex(pfn)) (\(region))"]
    if folio.free {
      // free_zone_device_folio leaves a large device folio's order until it is handed out again.
      let kept = folio.order == 0 ? "no folio" : "still order \(folio.order) from head \(MigratePFN.hex(folio.pfn))"
      return Description(facts: lines + ["free (refcount 0, \(kept))"])
    }
    // Of a large folio, say which page this is: the counts and flags below are the folio's.
    let which = folio.pageCount == 1 ? "" : pfn == folio.pfn ? ": its head" : ": tail page \(pfn - folio.pfn)"
    lines.append(
      "folio \(MigratePFN.hex(folio.pfn)) order \(folio.order) (\(folio.pageCount == 1 ? "1 page" : "\(folio.pageCount) pages"))\(which)"
    )
    lines.append("refcount \(folio.refcount)  mapcount \(folio.mapcount)  pins \(folio.pins)\(folio.pageCount == 1 ? "" : " (the folio's)")")
    let flags: [(Bool, Character, String)] = [
      (folio.isLocked, "L", "PG_locked"), (folio.lru, "R", "PG_lru"),
      (folio.dirty, "D", "PG_dirty"),
      (folio.swapcache, "S", "swapcache"), (page.anonExclusive, "X", "PageAnonExclusive"),
    ]
    let names = flags.filter(\.0).map(\.2)
    lines.append("flags \(String(flags.map { $0.0 ? $0.1 : "_" }))  " + (folio.lockedBy.map { "locked by \($0.rawValue)" } ?? "unlocked"))
    lines.append("mapping \(folio.mapping.rawValue)  owner \(scene.machine.owner(of: page) ?? "-")  content \(page.content.map(MigratePFN.hex) ?? "-")")
    for waiter in machine.waiters where waiter.folio == folio.pfn {
      lines.append(
        "waiting: \(waiter.thread) of \(waiter.process) at \(MigratePFN.hex(waiter.address))")
    }
    return Description(facts: lines, names: names.isEmpty ? [] : ["flags = \(names.joined(separator: " "))"])
  }

  func describe(call index: Int, slot: Int) -> Description {
    guard index < scene.machine.calls.count, slot < scene.machine.calls[index].src.count else {
      return Description(facts: ["no such slot"])
    }
    let call = scene.machine.calls[index]
    var lines = [
      "slot \(slot)" + (call.address(of: slot).map { " address \(MigratePFN.hex($0))" } ?? "")
    ]
    var names: [String] = []
    let arrays = [("src", call.src[slot]), ("dst", call.dst[slot])]
    lines.append(arrays.map { "\($0.0) \(MigratePFN.hex($0.1)) \(MigratePFN.letters($0.1))" }.joined(separator: "  "))
    for (name, value) in arrays {
      let spelled = MigratePFN.names(value)
      if !spelled.isEmpty { names.append("\(name) = \(spelled.joined(separator: " | "))") }
    }
    var description = Description(facts: lines, names: names)
    // The page src names; with none (not collected yet, a hole, a refused page), the entry at
    // the slot's address and the page it maps, so a slot is never a dead end.
    var pfn = MigratePFN.page(call.src[slot])
    if pfn == nil, let entry = entry(of: call, slot: slot) {
      description.facts.append("entry " + entry.text.split(separator: " ").joined(separator: " "))
      pfn = entry.pfn
    }
    if let pfn {
      let page = describe(pfn: pfn)
      description.facts += page.facts
      description.names += page.names
    }
    return description
  }

  /// The page-table entry at slot `slot`'s address in the process a `migrate_vma` call walks,
  /// with the page it maps there.
  private func entry(of call: MigrateCall, slot: Int) -> PageTableRow? {
    guard let name = call.process, let process = scene.machine.processIndex(named: name),
          let address = call.address(of: slot) else { return nil }
    return PageTableRow.entry(scene: scene, process: process, address: address)
  }
}
