import FolioModel
import TerminalCanvas

/// What the inspector shows: a page frame, or one slot of a call's migrate arrays.
public enum InspectorSubject: Sendable, Hashable {
  case pfn(PFN)
  case slot(call: Int, slot: Int)
}

/// The item under the cursor in full: a page's `struct page`/folio fields with flag letters
/// and names, or a slot's raw migrate-pfns with every flag spelled out (drgn/crash style).
public struct InspectorPane: Widget {
  public var scene: Scene
  public var subject: InspectorSubject?
  /// Shown with nothing to inspect (empty on paper, where there is no cursor).
  public var placeholder: String

  public init(scene: Scene, subject: InspectorSubject?, placeholder: String = "Move the cursor onto a pfn or slot.") {
    self.scene = scene
    self.subject = subject
    self.placeholder = placeholder
  }

  public func render(in area: Rect, on buffer: inout Buffer) {
    let inner = buffer.drawPane(area, title: "Inspector", theme: scene.theme)
    guard !inner.isEmpty else { return }
    let lines = subject.map(describe) ?? [placeholder]
    var y = inner.y
    for line in lines {
      for wrapped in WordWrap.lines(line, width: inner.width) where y < inner.maxY {
        buffer.put(wrapped, x: inner.x, y: y, limit: inner.width)
        y += 1
      }
    }
  }

  func describe(_ subject: InspectorSubject) -> [String] {
    switch subject {
    case .pfn(let pfn): describe(pfn: pfn)
    case .slot(let call, let slot): describe(call: call, slot: slot)
    }
  }

  func describe(pfn: PFN) -> [String] {
    let machine = scene.machine
    guard let page = machine.frame(pfn), let folio = machine.folio(of: pfn) else {
      return pfn == machine.zeroPfn
        ? ["pfn \(MigratePFN.hex(pfn)): the shared zero page"]
        : ["pfn \(MigratePFN.hex(pfn)): no such page"]
    }
    let region =
      machine.region(of: pfn).map { "\($0.name), \($0.zone.rawValue)" } ?? page.zone.rawValue
    var lines = ["pfn \(MigratePFN.hex(pfn)) (\(region))"]
    if folio.free { return lines + ["free (refcount 0, no folio)"] }
    lines.append(
      "folio head \(MigratePFN.hex(folio.pfn)) order \(folio.order) (\(folio.pageCount == 1 ? "1 page" : "\(folio.pageCount) pages"))"
    )
    lines.append("refcount \(folio.refcount)  mapcount \(folio.mapcount)  pins \(folio.pins)")
    let flags: [(Bool, Character, String)] = [
      (folio.isLocked, "L", "PG_locked"), (folio.lru, "R", "PG_lru"),
      (folio.dirty, "D", "PG_dirty"),
      (folio.swapcache, "S", "swapcache"), (page.anonExclusive, "X", "PageAnonExclusive"),
    ]
    let names = flags.filter(\.0).map(\.2)
    lines.append(
      "flags \(String(flags.map { $0.0 ? $0.1 : "_" })) \(names.isEmpty ? "none" : names.joined(separator: " "))"
    )
    lines.append("mapping \(folio.mapping.rawValue)  owner \(scene.machine.owner(of: page) ?? "-")")
    lines.append("lock holder \(folio.lockedBy?.rawValue ?? "none")")
    lines.append("content \(page.content.map(MigratePFN.hex) ?? "-")")
    for waiter in machine.waiters where waiter.folio == folio.pfn {
      lines.append(
        "waiting: \(waiter.thread) of \(waiter.process) at \(MigratePFN.hex(waiter.address))")
    }
    return lines
  }

  func describe(call index: Int, slot: Int) -> [String] {
    guard index < scene.machine.calls.count, slot < scene.machine.calls[index].src.count else {
      return ["no such slot"]
    }
    let call = scene.machine.calls[index]
    var lines = [
      "slot \(slot)" + (call.address(of: slot).map { " address \(MigratePFN.hex($0))" } ?? "")
    ]
    for (name, value) in [("src", call.src[slot]), ("dst", call.dst[slot])] {
      let names = MigratePFN.names(value)
      lines.append(
        "\(name) \(MigratePFN.hex(value)) \(MigratePFN.letters(value)) \(names.isEmpty ? "0" : names.joined(separator: " "))"
      )
    }
    if let pfn = MigratePFN.page(call.src[slot]) { lines += describe(pfn: pfn) }
    return lines
  }
}
