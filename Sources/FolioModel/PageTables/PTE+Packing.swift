/// Page-table entries as a (pfn, flags) pair, so a recorded change is an XOR of two words
/// instead of two whole entries. The packing is lossless: the pfn (or swap offset) keeps all 64
/// bits and the flags hold the entry kind in bits 0–3 and its bits from bit 4 up.
extension PTE {
  var packed: PackedEntry {
    switch self {
    case .none: PackedEntry(pfn: 0, flags: 0)
    case .present(let bits): PackedEntry(pfn: bits.pfn, flags: 1 | bits.flags << 4)
    case .zero(let bits): PackedEntry(pfn: 0, flags: 2 | bits.flags << 4)
    case .migration(let entry): PackedEntry(pfn: entry.pfn, flags: 3 | entry.flags << 4)
    case .devicePrivate(let entry): PackedEntry(pfn: entry.pfn, flags: 4 | entry.flags << 4)
    case .deviceExclusive(let pfn): PackedEntry(pfn: pfn, flags: 5)
    case .swap(let offset): PackedEntry(pfn: offset, flags: 6)
    }
  }

  init(_ packed: PackedEntry) {
    let (pfn, bits) = (packed.pfn, packed.flags >> 4)
    switch packed.flags & 15 {
    case 1: self = .present(PresentBits(pfn: pfn, flags: bits))
    case 2: self = .zero(ZeroPageBits(flags: bits))
    case 3: self = .migration(MigrationEntry(pfn: pfn, flags: bits))
    case 4: self = .devicePrivate(DevicePrivateEntry(pfn: pfn, flags: bits))
    case 5: self = .deviceExclusive(pfn: pfn)
    case 6: self = .swap(offset: pfn)
    default: self = .none
    }
  }
}

extension PTE {
  /// The entry in one word, as a page table stores it: the packed pfn above the packed flags
  /// (which take 10 bits). `pte_none` is 0. A pfn or swap offset must be below 2^52, as a
  /// physical address's pfn is.
  var word: UInt64 { packed.word }

  init(word: UInt64) { self.init(PackedEntry(word: word)) }
}

extension PMD {
  /// Packed like the PTE of the same kind (`table` as `none`, `huge` as `present`, the huge zero
  /// page as the zero page), so both levels share one encoding.
  var packed: PackedEntry {
    switch self {
    case .table: PTE.none.packed
    case .huge(let bits): PTE.present(bits).packed
    case .hugeZero: PTE.zero().packed
    case .migration(let entry): PTE.migration(entry).packed
    case .devicePrivate(let entry): PTE.devicePrivate(entry).packed
    }
  }

  init(_ packed: PackedEntry) {
    switch PTE(packed) {
    case .present(let bits): self = .huge(bits)
    case .zero: self = .hugeZero
    case .migration(let entry): self = .migration(entry)
    case .devicePrivate(let entry): self = .devicePrivate(entry)
    case .none, .deviceExclusive, .swap: self = .table
    }
  }
}

/// A page-table entry as two words; XOR of two of these is what a change records.
struct PackedEntry: Equatable {
  var pfn: UInt64
  var flags: UInt16

  static func ^ (a: PackedEntry, b: PackedEntry) -> PackedEntry {
    PackedEntry(pfn: a.pfn ^ b.pfn, flags: a.flags ^ b.flags)
  }

  /// Both in one word, the pfn above the flags (which take 10 bits): how a page table stores an
  /// entry. XOR of two words is the word of the XOR.
  var word: UInt64 {
    precondition(pfn < 1 << 52 && flags < 1 << 12, "pfn \(pfn) does not fit a page-table entry")
    return pfn << 12 | UInt64(flags)
  }
}

extension PackedEntry {
  init(word: UInt64) { self.init(pfn: word >> 12, flags: UInt16(word & 0xfff)) }
}

/// `set` as bit `n` of a flag word.
private func bit(_ set: Bool, _ n: UInt16) -> UInt16 { set ? 1 << n : 0 }

private func isSet(_ flags: UInt16, _ bit: Int) -> Bool { flags >> bit & 1 == 1 }

extension PresentBits {
  var flags: UInt16 { bit(write, 0) | bit(dirty, 1) | bit(young, 2) | bit(softDirty, 3) | bit(uffdWp, 4) }
  init(pfn: PFN, flags: UInt16) {
    self.init(pfn: pfn, write: isSet(flags, 0), dirty: isSet(flags, 1), young: isSet(flags, 2),
              softDirty: isSet(flags, 3), uffdWp: isSet(flags, 4))
  }
}

extension MigrationEntry {
  var flags: UInt16 {
    let kindCode: UInt16 = switch kind {
    case .read: 0
    case .readExclusive: 1
    case .write: 2
    }
    return kindCode | bit(young, 2) | bit(dirty, 3) | bit(softDirty, 4) | bit(uffdWp, 5)
  }
  init(pfn: PFN, flags: UInt16) {
    let kind: MigrationKind = switch flags & 3 {
    case 1: .readExclusive
    case 2: .write
    default: .read
    }
    self.init(pfn: pfn, kind: kind, young: isSet(flags, 2), dirty: isSet(flags, 3), softDirty: isSet(flags, 4),
              uffdWp: isSet(flags, 5))
  }
}

extension ZeroPageBits {
  var flags: UInt16 { bit(softDirty, 0) | bit(uffdWp, 1) }
  init(flags: UInt16) { self.init(softDirty: isSet(flags, 0), uffdWp: isSet(flags, 1)) }
}

extension DevicePrivateEntry {
  var flags: UInt16 { bit(write, 0) | bit(softDirty, 1) | bit(uffdWp, 2) }
  init(pfn: PFN, flags: UInt16) {
    self.init(pfn: pfn, write: isSet(flags, 0), softDirty: isSet(flags, 1), uffdWp: isSet(flags, 2))
  }
}
