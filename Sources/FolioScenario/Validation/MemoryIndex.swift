/// Where a pfn lives: system RAM or one of the device pgmaps.
enum Zone: Equatable {
  case system
  case device(index: Int, type: DeviceMemoryType)

  var isDevicePrivate: Bool {
    if case .device(_, .devicePrivate) = self { return true }
    return false
  }

  var name: String {
    switch self {
    case .system: return "system RAM"
    case .device(_, .devicePrivate): return "device-private memory"
    case .device(_, .deviceCoherent): return "device-coherent memory"
    }
  }
}

/// The memory ranges sorted by start, for pfn → zone lookups in O(log n).
struct MemoryIndex {
  struct Entry {
    let range: PfnRange
    let zone: Zone
  }
  private let sorted: [Entry]

  init(ranges: [Entry]) { sorted = ranges.sorted { $0.range.start < $1.range.start } }

  /// The range holding `pfn`, if any.
  func entry(containing pfn: UInt64) -> Entry? {
    sorted.last(startingAtOrBefore: pfn, by: \.range.start).flatMap { $0.range.contains(pfn) ? $0 : nil }
  }

  func zone(of pfn: UInt64) -> Zone? { entry(containing: pfn)?.zone }

  /// The ranges there are, for a message about a pfn outside them ("0x100–0x10f, 0x800–0x80f").
  var rangesText: String {
    sorted.map { "0x" + String($0.range.start, radix: 16) + "–0x" + String($0.range.end - 1, radix: 16) }
      .joined(separator: ", ")
  }

  /// "0x6e is outside memory (0x100–0x10f); did you mean 0x110 (110 reads as decimal)?": the
  /// message for a pfn in no range, with the pfn its digits name if they were meant as hex.
  func outside(_ pfn: UInt64) -> String {
    "0x" + String(pfn, radix: 16) + " is outside memory (\(rangesText))" + hexHint(pfn)
  }

  /// "; did you mean 0x110 (110 reads as decimal)?" when `pfn`'s decimal digits, read as hex,
  /// name a pfn in memory; "" otherwise.
  func hexHint(_ pfn: UInt64) -> String {
    guard pfn > 9, let meant = UInt64(String(pfn), radix: 16), zone(of: meant) != nil else { return "" }
    return "; did you mean 0x" + String(meant, radix: 16) + " (\(pfn) reads as decimal)?"
  }

  /// True when every pfn of `[start, start + count)` is in one range.
  func containsRun(start: UInt64, count: Int) -> Bool {
    guard count > 0, let entry = entry(containing: start) else { return false }
    return UInt64(count) <= entry.range.end - start
  }
}

/// The valid folios sorted by head pfn, for "which folio holds this pfn" in O(log n).
struct FolioIndex {
  /// A folio's pfns and its position in `scenario.folios`.
  struct Entry {
    let start: UInt64
    let end: UInt64
    let index: Int
  }
  private let sorted: [Entry]

  init(folios: [Entry]) { sorted = folios.sorted { $0.start < $1.start } }

  /// The index in `scenario.folios` of the folio holding `pfn`, if any.
  func folio(containing pfn: UInt64) -> Int? {
    sorted.last(startingAtOrBefore: pfn, by: \.start).flatMap { pfn < $0.end ? $0.index : nil }
  }
}

extension Array {
  /// Binary search in an array sorted by `start`: the last element whose start is ≤ `key`.
  func last(startingAtOrBefore key: UInt64, by start: (Element) -> UInt64) -> Element? {
    var low = 0
    var high = count
    while low < high {
      let mid = (low + high) / 2
      if start(self[mid]) <= key { low = mid + 1 } else { high = mid }
    }
    return low > 0 ? self[low - 1] : nil
  }
}

/// Sorts half-open intervals and returns each pair (earlier, later) in which `later` starts
/// before the interval before it ends: every overlap shows up as such a neighbouring pair.
func overlappingNeighbours(_ intervals: [(start: UInt64, end: UInt64, index: Int)]) -> [(Int, Int)] {
  let sorted = intervals.sorted { ($0.start, $0.index) < ($1.start, $1.index) }
  var result: [(Int, Int)] = []
  var reach: (end: UInt64, index: Int)? = nil
  for interval in sorted {
    if let current = reach, interval.start < current.end {
      result.append((min(current.index, interval.index), max(current.index, interval.index)))
    }
    if reach.map({ interval.end > $0.end }) ?? true { reach = (interval.end, interval.index) }
  }
  return result
}
