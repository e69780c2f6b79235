/// Every page frame of a machine, stored as its four packed words (32 bytes; see
/// `PageFrame.word(_:)`) in copy-on-write chunks, not as 48-byte `PageFrame`s. A million-slot
/// run keeps the frames of the initial machine, of every checkpoint's dirtied chunks and of the
/// final state, so their size is a large part of its memory. The pfn is not stored: it follows
/// from the position and the regions' starts. Frames are decoded when read.
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
  /// The first position and pfn of each region, in region order.
  private let bases: [Int]
  private let starts: [PFN]

  /// Every frame of `regions`, free, in region order.
  init(regions: [MemoryRegion]) {
    var bases: [Int] = []
    var base = 0
    for region in regions {
      bases.append(base)
      base += region.range.count
    }
    self.bases = bases
    starts = regions.map(\.range.start)
    storage = ChunkedArray(regions.enumerated().lazy.flatMap { index, region in
      (0..<region.range.count).lazy.map {
        Self.pack(PageFrame(pfn: region.range.start + UInt64($0), zone: region.zone, region: UInt8(index)))
      }
    })
  }

  public var startIndex: Int { 0 }
  public var endIndex: Int { storage.count }

  public subscript(position: Int) -> PageFrame {
    get {
      var frame = PageFrame(pfn: pfn(at: position), zone: .normal, region: 0)
      let words = storage[position].words
      frame.setWord(0, words.0)
      frame.setWord(1, words.1)
      frame.setWord(2, words.2)
      frame.setWord(3, words.3)
      return frame
    }
    set { storage[position] = Self.pack(newValue) }
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

  private func pfn(at position: Int) -> PFN {
    let region = (bases.lastIndex { $0 <= position }) ?? 0
    return starts[region] + UInt64(position - bases[region])
  }

  private static func pack(_ frame: PageFrame) -> Words {
    Words(words: (frame.word(0), frame.word(1), frame.word(2), frame.word(3)))
  }
}
