/// A frame's state as four 64-bit words, so a change to it can be recorded as "flip these bits
/// of word N" (24 bytes) instead of two whole frames. The pfn is not part of any word: it never
/// changes. The packing is lossless, so flipping back restores the frame exactly.
extension PageFrame {
  /// How many words `word(_:)` has.
  static let wordCount = 4

  /// Word 0: content; 1: refcount and mapcount; 2: pins, head offset, order, region; 3: flags.
  func word(_ index: Int) -> UInt64 {
    switch index {
    case 0: return storedContent
    case 1: return UInt64(UInt32(bitPattern: storedRefcount)) | UInt64(UInt32(bitPattern: storedMapcount)) << 32
    case 2:
      return UInt64(UInt32(bitPattern: storedPins)) | UInt64(headOffset) << 32 | UInt64(storedOrder) << 48
        | UInt64(region) << 56
    default:
      let bit = { (set: Bool, n: UInt64) in set ? UInt64(1) << (8 + n) : 0 }
      return UInt64(zone.code) | UInt64(lockedBy.code) << 2 | UInt64(mapping.code) << 5 | bit(hasContent, 0)
        | bit(free, 1) | bit(lru, 2) | bit(dirty, 3) | bit(swapcache, 4) | bit(anonExclusive, 5)
    }
  }

  /// The frame of `pfn` whose packed words are `words` (the inverse of `word(_:)` for all four).
  init(pfn: PFN, words: (UInt64, UInt64, UInt64, UInt64)) {
    self.init(pfn: pfn, zone: .normal, region: 0)
    setWord(0, words.0)
    setWord(1, words.1)
    setWord(2, words.2)
    setWord(3, words.3)
  }

  /// The head offset packed in word 2.
  static func headOffset(word2: UInt64) -> UInt16 { UInt16(truncatingIfNeeded: word2 >> 32) }

  /// XORs `bits` into word `index` (its own inverse).
  mutating func flip(_ index: Int, _ bits: UInt64) { setWord(index, word(index) ^ bits) }

  /// Sets word `index` to `value` (the inverse of `word(_:)`).
  mutating func setWord(_ index: Int, _ value: UInt64) {
    switch index {
    case 0: storedContent = value
    case 1:
      storedRefcount = Int32(bitPattern: UInt32(truncatingIfNeeded: value))
      storedMapcount = Int32(bitPattern: UInt32(truncatingIfNeeded: value >> 32))
    case 2:
      storedPins = Int32(bitPattern: UInt32(truncatingIfNeeded: value))
      headOffset = Self.headOffset(word2: value)
      storedOrder = UInt8(truncatingIfNeeded: value >> 48)
      region = UInt8(truncatingIfNeeded: value >> 56)
    default:
      zone = Zone(code: value & 3)
      lockedBy = LockHolder.decode(value >> 2 & 7)
      mapping = FolioMapping(code: value >> 5 & 3)
      let bit = { (n: UInt64) in value >> (8 + n) & 1 == 1 }
      (hasContent, free, lru, dirty, swapcache, anonExclusive) = (bit(0), bit(1), bit(2), bit(3), bit(4), bit(5))
    }
  }
}

extension Zone {
  var code: UInt8 {
    switch self {
    case .normal: 0
    case .devicePrivate: 1
    case .deviceCoherent: 2
    }
  }
  init(code: UInt64) { self = code == 1 ? .devicePrivate : (code == 2 ? .deviceCoherent : .normal) }
}

extension FolioMapping {
  var code: UInt8 {
    switch self {
    case .none: 0
    case .anon: 1
    case .file: 2
    case .shmem: 3
    }
  }
  init(code: UInt64) {
    switch code & 3 {
    case 1: self = .anon
    case 2: self = .file
    case 3: self = .shmem
    default: self = .none
    }
  }
}

extension LockHolder {
  static func decode(_ code: UInt64) -> LockHolder? {
    switch code {
    case 1: .migration
    case 2: .driver
    case 3: .faultHandler
    case 4: .otherThread
    default: nil
    }
  }
}

extension LockHolder? {
  var code: UInt8 {
    switch self {
    case nil: 0
    case .migration: 1
    case .driver: 2
    case .faultHandler: 3
    case .otherThread: 4
    }
  }
}
