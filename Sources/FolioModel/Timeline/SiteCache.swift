/// The numbers of step sites the log has seen, found by the bits of their strings rather than
/// by their text: a loop over a million slots names the same few sites again and again, and
/// comparing their strings each time was 5% of the engine. Two strings with the same bits have
/// the same text; the cache holds only the bits of the strings the log keeps for each site
/// number, which stay alive, so no other string can come to have them.
struct SiteCache: Sendable {
  /// One remembered site: the bits of its strings, its phase and its number (`empty`: none).
  private struct Entry: Sendable {
    static let empty = Entry(bits: (0, 0, 0, 0), phase: .start, number: UInt16.max)

    var bits: (UInt64, UInt64, UInt64, UInt64)
    var phase: Phase
    var number: UInt16
  }

  /// Entries, one per hash of the bits (a power of two).
  private static let size = 64
  private var entries = [Entry](repeating: .empty, count: size)

  /// The number of `site`, if it is the site of that number with the same strings.
  @inline(__always) func number(of site: StepSite) -> UInt16? {
    let bits = Self.bits(of: site)
    let entry = entries[Self.index(bits)]
    guard entry.number != Entry.empty.number && entry.bits == bits && entry.phase == site.phase else { return nil }
    return entry.number
  }

  /// Remembers `number` for `site`, which must be the site the log keeps under that number.
  mutating func remember(_ site: StepSite, as number: UInt16) {
    let bits = Self.bits(of: site)
    entries[Self.index(bits)] = Entry(bits: bits, phase: site.phase, number: number)
  }

  @inline(__always) private static func bits(of site: StepSite) -> (UInt64, UInt64, UInt64, UInt64) {
    let function = unsafeBitCast(site.function, to: (UInt64, UInt64).self)
    let label = unsafeBitCast(site.label, to: (UInt64, UInt64).self)
    return (function.0, function.1, label.0, label.1)
  }

  @inline(__always) private static func index(_ bits: (UInt64, UInt64, UInt64, UInt64)) -> Int {
    let mixed = (bits.0 ^ bits.1 &* 0x9e37_79b9_7f4a_7c15 ^ bits.2 &* 0xc2b2_ae3d_27d4_eb4f ^ bits.3) &* 0x9e37_79b9_7f4a_7c15
    return Int(mixed >> 58)
  }
}
