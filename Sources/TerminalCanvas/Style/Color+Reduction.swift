extension Color {
  /// This colour as a terminal with `colorCount` colours can show it: unchanged when the
  /// terminal has the index, else the nearest of the eight ANSI colours, or the terminal default
  /// when it has no colours at all.
  public func reduced(toColorCount colorCount: Int) -> Color {
    guard let index else { return self }
    if colorCount < 8 { return .terminalDefault }
    if Int(index) < colorCount { return self }
    return Color.basic[Int(Color.nearestBasicIndex(of: index))]
  }

  /// The eight ANSI colours in index order.
  static let basic: [Color] = [.black, .red, .green, .yellow, .blue, .magenta, .cyan, .white]

  /// The ANSI colour (0–7) closest in hue to xterm-256 colour `index`.
  static func nearestBasicIndex(of index: UInt8) -> UInt8 {
    // 8–15 are the bright variants of 0–7.
    if index < 16 { return index % 8 }
    let (red, green, blue) = rgb(of: index)
    let brightest = max(red, green, blue)
    // Very dark colours read as black; otherwise keep every channel that is at least half as
    // strong as the brightest one, so dark red stays red instead of collapsing into black.
    if brightest < 80 { return 0 }
    let half = brightest / 2
    return (red >= half ? 1 : 0) | (green >= half ? 2 : 0) | (blue >= half ? 4 : 0)
  }

  /// The red, green and blue levels (0–255) of an xterm-256 colour from the cube or grey ramp.
  private static func rgb(of index: UInt8) -> (UInt8, UInt8, UInt8) {
    if index >= 232 {
      let level = 8 + (index - 232) * 10
      return (level, level, level)
    }
    let cube = Int(index) - 16
    let levels: [UInt8] = [0, 95, 135, 175, 215, 255]
    return (levels[cube / 36], levels[(cube / 6) % 6], levels[cube % 6])
  }
}
