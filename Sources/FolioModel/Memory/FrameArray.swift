/// Every page frame of a machine, stored as its four packed words (32 bytes; see
/// `PageFrame.word(_:)`) in copy-on-write chunks. A million-slot run keeps the frames of the
/// initial machine, of every checkpoint's dirtied chunks and of the final state, so their size
/// is a large part of its memory. The pfn is not stored: it follows from the position and the
/// regions' starts (`FrameIndex`), and a `PageFrame` is made from both when read.
public struct FrameArray: Sendable, Hashable, RandomAccessCollection, MutableCollection {
  struct Words: Sendable, Hashable {
    var words: (UInt64, UInt64, UInt64, UInt64)

    static func == (a: Words, b: Words) -> Bool { a.words == b.words }

    func hash(into hasher: inout Hasher) {
      hasher.combine(words.0)
      hasher.combine(words.1)
      hasher.combine(words.2)
      hasher.combine(words.3)
    }
  }

  private var storage: ChunkedArray<Words>
  /// Where each region's frames start.
  let index: FrameIndex

  /// Every frame of `regions`, free, in region order.
  init(regions: [MemoryRegion]) {
    index = FrameIndex(regions: regions)
    // A free frame's words name only its zone and region: each region is one repeated value.
    storage = ChunkedArray(runs: regions.enumerated().map { index, region in
      (Words(words: PageFrame(pfn: region.range.start, zone: region.zone, region: UInt8(index)).words), region.range.count)
    })
  }

  /// A copy whose chunks share no storage with this one's (see `Machine.unshared()`).
  func unshared() -> FrameArray {
    var copy = self
    copy.storage = storage.unshared()
    return copy
  }

  public var startIndex: Int { 0 }
  public var endIndex: Int { storage.count }

  public subscript(position: Int) -> PageFrame {
    get { PageFrame(pfn: pfn(at: position), words: storage[position].words) }
    set { storage[position].words = newValue.words }
  }

  /// The packed words of the frame at `position` (see `PageFrame.word(_:)`).
  func words(at position: Int) -> (UInt64, UInt64, UInt64, UInt64) { storage[position].words }

  /// Replaces the packed words of the frame at `position`.
  mutating func setWords(at position: Int, _ words: (UInt64, UInt64, UInt64, UInt64)) {
    storage[position].words = words
  }

  /// XORs `bits` into word `word` of the frame at `position` (a recorded change), without
  /// decoding the frame.
  mutating func flip(at position: Int, word: Int, _ bits: UInt64) {
    switch word {
    case 0: storage[position].words.0 ^= bits
    case 1: storage[position].words.1 ^= bits
    case 2: storage[position].words.2 ^= bits
    default: storage[position].words.3 ^= bits
    }
  }

  /// The position of `pfn`, or nil if no region holds it (e.g. the zero page).
  func position(of pfn: PFN) -> Int? { index.position(of: pfn) }

  private func pfn(at position: Int) -> PFN { index.pfn(at: position) }
}
