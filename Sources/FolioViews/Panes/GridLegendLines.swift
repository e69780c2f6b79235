import TerminalCanvas

/// The marks a grid's cells used: their letters, and whether any joined a folio, was marked
/// changed, or was pointed at (the projector's cursor).
struct DrawnMarks {
  var letters: Set<Character> = []
  var joined = false
  var changed = false
  var pointed = false

  mutating func formUnion(_ other: DrawnMarks) {
    letters.formUnion(other.letters)
    joined = joined || other.joined
    changed = changed || other.changed
    pointed = pointed || other.pointed
  }
}

/// The grid's legend: each letter with its meaning, in its own style, wrapped to the width.
struct LegendLines: Widget {
  let lines: [[(String, Role)]]

  init(width: Int, marks: Marks) {
    let entries =
      [("\(marks.free) free", Role.free)] + FrameLook.legend
      + [("\(marks.folioJoin) same folio", .muted), ("\(marks.changed) changed", .changed)]
    var lines: [[(String, Role)]] = [[]]
    var used = 0
    for entry in entries {
      let length = entry.0.count + 1
      if used + length > width && !(lines.last ?? []).isEmpty {
        lines.append([])
        used = 0
      }
      lines[lines.count - 1].append(entry)
      used += length
    }
    self.lines = lines
  }

  func render(in area: Rect, on buffer: inout Buffer) {
    for (number, line) in lines.prefix(area.height).enumerated() {
      LegendLines.put(line, x: area.x, y: area.y + number, maxX: area.maxX, on: &buffer)
    }
  }

  static func put(_ line: [(String, Role)], x: Int, y: Int, maxX: Int, on buffer: inout Buffer) {
    var x = x
    for (text, role) in line {
      // Drawn as the grid draws them: the changed mark and the pointer in bold.
      let style = role == .changed || role == .heading ? Style(role, bold: true) : Style(role)
      x = buffer.put(text, x: x, y: y, style: style, limit: maxX - x) + 1
    }
  }
}

/// The smaller layouts' legend: one line naming only the letters the grid's cells use, the
/// migration's state letters first, each kept only if it fits whole.
struct DrawnLegendLine: Widget {
  let drawn: DrawnMarks
  let marks: Marks
  /// The line lies on a pane's border: the border is cleared around the words, a space each side.
  var onBorder = false

  func render(in area: Rect, on buffer: inout Buffer) {
    let shown = FrameLook.shortLegend.filter { drawn.letters.contains($0.letter) }
    let letters = shown.map { ("\($0.letter) \($0.meaning)", $0.role) }
    // When the words do not all fit, terser ones before dropping any letter.
    let terse = shown.map { ("\($0.letter) \($0.terse)", $0.role) }
    let others = (drawn.changed ? [("\(marks.changed) changed", Role.changed)] : [])
      + (drawn.pointed ? [("\(marks.pointer) this step", Role.heading)] : [])
      + (drawn.joined ? [("\(marks.folioJoin) same folio", Role.muted)] : [])
    let fits = { (entries: [(String, Role)]) in entries.reduce(-1) { $0 + 1 + $1.0.count } <= area.width }
    var line: [(String, Role)] = []
    var used = -1
    // The marks (changed, this step) count as much as the letters: terser words keep them in.
    for entry in (fits(letters + others) ? letters : terse) + others where used + 1 + entry.0.count <= area.width {
      line.append(entry)
      used += 1 + entry.0.count
    }
    if onBorder && !line.isEmpty {
      buffer.fill(Rect(x: area.x - 1, y: area.y, width: used + 2, height: 1))
    }
    LegendLines.put(line, x: area.x, y: area.y, maxX: area.maxX, on: &buffer)
  }
}
