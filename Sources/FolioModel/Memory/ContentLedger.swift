/// What each migrating source page held when its migration began, by frame position, so
/// finalize can prove no data was lost. Values and a presence bit per position (8 bytes and a
/// bit a frame, not an optional's 16: a million-slot run has two million frames).
struct ContentLedger {
  private var values: [UInt64]
  private var present: [UInt64]

  init(frames: Int) {
    values = Array(repeating: 0, count: frames)
    present = Array(repeating: 0, count: (frames + 63) / 64)
  }

  subscript(position: Int) -> UInt64? {
    get { present[position >> 6] >> (position & 63) & 1 == 1 ? values[position] : nil }
    set {
      values[position] = newValue ?? 0
      let bit = UInt64(1) << (position & 63)
      present[position >> 6] = newValue == nil ? present[position >> 6] & ~bit : present[position >> 6] | bit
    }
  }
}
