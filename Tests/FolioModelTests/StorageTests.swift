import FolioModel
import Testing

/// The chunked, copy-on-write containers behind `Machine`: they must behave exactly like the
/// plain array and dictionary they replace, and a copy must never see a later write.
@Suite("Chunked storage")
struct StorageTests {
  @Test func chunkedArrayReadsAndWritesAcrossChunks() {
    var array = ChunkedArray<UInt64>(repeating: 7, count: 1300)
    array[511] = 1
    array[512] = 2
    array[1299] = 3
    let copy = array
    array[512] = 9
    #expect(array.count == 1300 && copy.count == 1300)
    #expect((array[511], array[512], array[1299], array[0]) == (1, 9, 3, 7))
    #expect(copy[512] == 2)
    #expect(Array(ChunkedArray([1, 2, 3] as [UInt64])) == [1, 2, 3])
    #expect(ChunkedArray<UInt64>(repeating: 0, count: 0).isEmpty)
  }

  @Test func pageTableActsLikeADictionaryInAddressOrder() {
    var table = PageTable()
    table[1025] = .zero
    table[3] = .swap(offset: 5)
    table[512] = .zero
    let copy = table
    table[512] = nil
    #expect(table.count == 2 && copy.count == 3)
    #expect(table.keys == [3, 1025] && copy.keys == [3, 512, 1025])
    #expect(table[3] == .swap(offset: 5) && table[512] == nil && table[9] == nil)
    table[1025] = PTE.none
    table[3] = nil
    #expect(table == PageTable(), "emptied tables are dropped, so the result equals a fresh table")
  }
}
