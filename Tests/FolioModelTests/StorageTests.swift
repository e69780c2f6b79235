import FolioModel
import FolioScenario
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
    table[1025] = .zero()
    table[3] = .swap(offset: 5)
    table[512] = .zero()
    let copy = table
    table[512] = nil
    #expect(table.count == 2 && copy.count == 3)
    #expect(table.keys == [3, 1025] && copy.keys == [3, 512, 1025])
    #expect(table[3] == .swap(offset: 5) && table[512] == nil && table[9] == nil)
    table[1025] = PTE.none
    table[3] = nil
    #expect(table == PageTable(), "emptied tables are dropped, so the result equals a fresh table")
  }

  @Test func framesReadBackAsWrittenWithTheirRegionsPfns() {
    let regions = [MemoryRegion(name: "System RAM", zone: .normal, range: PfnRange(start: 0x100, count: 600)),
                   MemoryRegion(name: "DEV0", zone: .devicePrivate, range: PfnRange(start: 0x8000, count: 4))]
    var machine = Machine(kernel: .v7_0, regions: regions, zeroPfn: 0, processes: [])
    #expect(machine.frames.count == 604)
    #expect(machine.frames[599].pfn == 0x357 && machine.frames[601].pfn == 0x8001)
    #expect(machine.frames[601].zone == .devicePrivate && machine.frames[601].free)
    var frame = machine.frames[601]
    (frame.free, frame.dirty, frame.lockedBy, frame.mapping, frame.anonExclusive) = (false, true, .driver, .file, true)
    let copy = machine
    machine.frames[601] = frame
    #expect(machine.frames[601] == frame && copy.frames[601] != frame)
  }
}
