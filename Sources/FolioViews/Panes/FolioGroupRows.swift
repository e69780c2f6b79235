import FolioModel
import TerminalCanvas

/// The folio view of the migrate arrays: consecutive slots that name pages of the same folio
/// collapse into one row. Rows with a bold note hold per-pfn state a folio array would lose: a
/// hole or the zero page (no folio at all), or pages of one folio whose flags differ — the
/// reason the kernel passes migration pfns around, not folios (LKML, February 2024). The note
/// is information, not a failure, so it is not drawn as one.
struct FolioGroupRows: Widget {
  let scene: Scene
  let call: MigrateCall
  let callIndex: Int
  let cursor: Int
  let focused: Bool

  /// A run of slots shown as one row.
  struct Group {
    var slots: Range<Int>
    var text: String
    /// Per-pfn state a folio array could not hold.
    var lost: String?
  }

  /// The longest run one row stands for (a PMD-sized folio), which bounds the scan per row.
  static let longestGroup = hpagePMDNr
  /// The folio and src columns ("0x1ff000 o9", "VMW_ ×4"), narrow enough for an 80-column screen.
  static let folioWidth = 12, flagsWidth = 8

  func render(in area: Rect, on buffer: inout Buffer) {
    // Room for the widest range, "512–1023", so the folio column never runs into it.
    let rangeWidth = max(6, 2 * String(max(0, call.src.count - 1)).count + 2)
    buffer.put(
      "slots".padding(rangeWidth + 1) + "folio".padding(Self.folioWidth) + "src".padding(Self.flagsWidth) + "dst",
      x: area.x, y: area.y, style: Style(.muted),
      limit: area.width)
    let rows = area.height - 1
    guard rows > 0, !call.src.isEmpty else { return }
    let marks = scene.theme.marks
    var slot = max(0, min(cursor - rows / 2, call.src.count - rows))
    var y = area.y + 1
    while y < area.maxY && slot < call.src.count {
      let group = self.group(at: slot)
      let isCursor = group.slots.contains(cursor)
      let isStep = scene.step.call == callIndex && scene.step.slot.map(group.slots.contains) == true
      let range =
        group.slots.count == 1
        ? "\(group.slots.lowerBound)" : "\(group.slots.lowerBound)–\(group.slots.upperBound - 1)"
      let lead = (isStep ? String(marks.pointer) : " ") + range.padding(rangeWidth)
      var x = buffer.put(
        lead + group.text, x: area.x, y: y, style: Style(.plain, reverse: isCursor),
        limit: area.width)
      x = buffer.put(destination(of: group.slots), x: x, y: y, style: Style(.plain, reverse: isCursor), limit: area.maxX - x)
      if let lost = group.lost {
        x = buffer.put(
          " \(marks.arrow) \(lost)", x: x, y: y, style: Style(.heading, bold: true),
          limit: area.maxX - x)
      }
      if isCursor && focused { buffer.cursor = Point(x: area.x, y: y) }
      slot = group.slots.upperBound
      y += 1
    }
  }

  /// The destination column: the folio and flags of the group's first dst entry ("…" when
  /// the group's other slots name other destinations), or "-" before the driver fills it.
  func destination(of slots: Range<Int>) -> String {
    let value = call.dst[slots.lowerBound]
    guard value != 0 else { return call.src[slots.lowerBound] == 0 ? "" : "-" }
    let more = slots.dropFirst().contains { call.dst[$0] != 0 } ? "…" : ""
    guard let pfn = MigratePFN.page(value), let head = scene.machine.folio(of: pfn), !head.free else {
      return MigratePFN.letters(value) + more
    }
    return "\(Self.folio(head)) \(MigratePFN.letters(value))\(more)"
  }

  func group(at first: Int) -> Group {
    let value = call.src[first]
    guard value != 0 else {
      var end = first + 1
      while end < call.src.count && end - first < Self.longestGroup && call.src[end] == 0 {
        end += 1
      }
      // src 0 before collect reaches the slot and after it passes one by alike; the device-pfn
      // calls get theirs from the driver, which gave no page here or could not lock it.
      return Group(slots: first..<end, text: "-".padding(Self.folioWidth) + "0 " + (call.api == .migrateVMA ? "not collected" : "no page"))
    }
    // A COMPOUND entry stands for a PMD's worth of pages (migrate_vma_nr_pages), its other
    // slots reserved, whatever became of the folio since (split, freed).
    if value & MigratePFN.compound != 0 {
      let slots = first..<min(call.src.count, first + hpagePMDNr)
      guard let pfn = MigratePFN.page(value) else {
        return Group(slots: slots, text: "PMD hole".padding(Self.folioWidth) + MigratePFN.letters(value).padding(Self.flagsWidth),
                     lost: "no folio")
      }
      return Group(slots: slots, text: "\(MigratePFN.hex(pfn)) o9".padding(Self.folioWidth)
                   + MigratePFN.letters(value).padding(Self.flagsWidth))
    }
    guard let pfn = MigratePFN.page(value), let head = scene.machine.folio(of: pfn) else {
      let what = (value & MigratePFN.valid == 0 ? "hole/zero" : "unknown").padding(Self.folioWidth)
      return Group(
        slots: first..<first + 1, text: what + MigratePFN.letters(value).padding(Self.flagsWidth), lost: "no folio")
    }
    if head.free {
      return Group(slots: first..<first + 1, text: "\(MigratePFN.hex(pfn)) freed".padding(Self.folioWidth)
                   + MigratePFN.letters(value).padding(Self.flagsWidth))
    }
    var end = first + 1
    var letters = [MigratePFN.letters(value)]
    while end < call.src.count && end - first < min(head.pageCount, Self.longestGroup) {
      let next = call.src[end]
      guard let nextPfn = MigratePFN.page(next), scene.machine.frame(nextPfn)?.head == head.pfn
      else { break }
      letters.append(MigratePFN.letters(next))
      end += 1
    }
    let folio = Self.folio(head).padding(Self.folioWidth)
    let uniform = Set(letters).count == 1
    let flags =
      uniform
      ? letters[0] + (letters.count > 1 ? " ×\(letters.count)" : "")
      : letters.joined(separator: " ")
    return Group(
      slots: first..<end, text: folio + flags.padding(Self.flagsWidth), lost: uniform ? nil : "flags differ per pfn")
  }

  /// A folio by its head and order: "0x200 o9".
  static func folio(_ head: PageFrame) -> String { "\(MigratePFN.hex(head.pfn)) o\(head.order)" }
}
