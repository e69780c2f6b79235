/// A frame's state as four 64-bit words, so a change to it can be recorded as "flip these bits
/// of word N" (24 bytes) instead of two whole frames. The pfn is not part of any word: it never
/// changes. The packing is lossless, so flipping back restores the frame exactly.
extension PageFrame {
  /// How many words `word(_:)` has.
  static let wordCount = 4
  static let regionShift: UInt64 = 56

  /// The one-bit flags of word 3, from bit 8 up.
  enum Flag: UInt64 {
    case hasContent, free, lru, dirty, swapcache, anonExclusive
  }

  static func flag(_ flag: Flag) -> UInt64 { 1 << (8 + flag.rawValue) }

  func has(_ flag: Flag) -> Bool { words.3 & Self.flag(flag) != 0 }

  mutating func set(_ flag: Flag, _ on: Bool) {
    words.3 = on ? words.3 | Self.flag(flag) : words.3 & ~Self.flag(flag)
  }

  /// Word `index`: 0 content; 1 refcount (low half) and mapcount; 2 pins (low half), head
  /// offset (16 bits), order (8) and region (8); 3 zone (2 bits), lock holder (3), mapping (2)
  /// and the flags.
  func word(_ index: Int) -> UInt64 {
    switch index {
    case 0: words.0
    case 1: words.1
    case 2: words.2
    default: words.3
    }
  }

  /// The frame of `pfn` whose packed words are `words`.
  init(pfn: PFN, words: (UInt64, UInt64, UInt64, UInt64)) {
    self.pfn = pfn
    self.words = words
  }

  /// The head offset packed in word 2.
  static func headOffset(word2: UInt64) -> UInt16 { UInt16(truncatingIfNeeded: word2 >> 32) }
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
