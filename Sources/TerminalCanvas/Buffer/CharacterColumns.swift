extension Character {
  /// How many terminal columns the character takes: 2 for East Asian wide and full-width
  /// characters and emoji shown as pictures, 1 for the rest (combining marks travel inside
  /// their `Character`). A table of the wide blocks, as terminals use, not the locale's wcwidth.
  public var terminalColumns: Int {
    // A UTF-8 lead byte below 0xE1 starts a scalar below U+1000: narrow (the cheap test first).
    guard let lead = utf8.first, lead >= 0xE1, let value = unicodeScalars.first?.value, value >= 0x1100 else { return 1 }
    for range in Self.wideRanges {
      if range.contains(value) { return 2 }
      if range.lowerBound > value { break }
    }
    // Emoji shown as pictures outside those blocks; the property is looked up only where there
    // are some (not among the box-drawing and arrow glyphs every frame is full of).
    let mayBeEmoji = (0x2300..<0x2500).contains(value) || (0x25FD..<0x2C00).contains(value) || value >= 0x1F000
    return mayBeEmoji && unicodeScalars.first?.properties.isEmojiPresentation == true ? 2 : 1
  }

  /// The blocks of East Asian Width W and F (Unicode 15), in order.
  private static let wideRanges: [ClosedRange<UInt32>] = [
    0x1100...0x115F, 0x231A...0x231B, 0x2329...0x232A, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF,
    0x4E00...0x9FFF, 0xA000...0xA4CF, 0xA960...0xA97F, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE10...0xFE19,
    0xFE30...0xFE6F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x2FFFD,
    0x30000...0x3FFFD,
  ]
}
