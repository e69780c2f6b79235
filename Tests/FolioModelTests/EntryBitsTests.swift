import FolioModel
import Testing

/// `EntryDescription.bits(of:)`: every bit an entry keeps, by the names `trace --json` uses.
@Suite struct EntryBitsTests {
  @Test func everyBitIsNamedInOrder() {
    #expect(EntryDescription.bits(of: PTE.present(PresentBits(pfn: 1, write: true, dirty: true, young: true, softDirty: true,
                                                               uffdWp: true)))
      == ["write", "dirty", "young", "soft_dirty", "uffd_wp"])
    #expect(EntryDescription.bits(of: PTE.migration(MigrationEntry(pfn: 1, kind: .readExclusive, softDirty: true)))
      == ["soft_dirty", "exclusive"])
    #expect(EntryDescription.bits(of: PMD.devicePrivate(DevicePrivateEntry(pfn: 1, write: true, uffdWp: true)))
      == ["write", "uffd_wp"])
    #expect(EntryDescription.bits(of: PTE.zero()).isEmpty && EntryDescription.bits(of: PMD.table).isEmpty)
    #expect(EntryDescription.bits(of: PTE.zero(ZeroPageBits(softDirty: true, uffdWp: true))) == ["soft_dirty", "uffd_wp"])
  }

  @Test("A zero-page PTE keeps its soft-dirty and uffd-wp bits through a page table's word")
  func zeroPageBitsArePacked() {
    var table = PageTable()
    for bits in [ZeroPageBits(), ZeroPageBits(softDirty: true), ZeroPageBits(uffdWp: true), ZeroPageBits(softDirty: true, uffdWp: true)] {
      table[7] = .zero(bits)
      #expect(table[7] == .zero(bits))
    }
  }
}
