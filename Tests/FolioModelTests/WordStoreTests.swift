@testable import FolioModel
import Testing

/// The change log's append-only words: words handed out are read in place, so neither a later
/// append, a move to bigger memory nor a copy's append may ever change them.
@Suite("Word store")
struct WordStoreTests {
  private static func append(_ values: [UInt64], to store: inout WordStore) {
    store.append(upTo: values.count) { next in
      for (index, value) in values.enumerated() { next[index] = value }
      return values.count
    }
  }

  @Test func wordsHandedOutSurviveGrowth() {
    var store = WordStore()
    Self.append([1, 2, 3], to: &store)
    let handed = store.words(in: 1..<3)
    for value in 4...5000 { Self.append([UInt64(value)], to: &store) }
    #expect(Array(handed) == [2, 3])
    #expect(store.count == 5000 && store[4999] == 5000)
  }

  @Test func aCopyNeverSeesTheOriginalsAppends() {
    var store = WordStore()
    store.reserveCapacity(16)
    Self.append([1, 2], to: &store)
    var copy = store
    Self.append([3], to: &store)
    Self.append([9, 8], to: &copy)
    #expect(Array(store) == [1, 2, 3])
    #expect(Array(copy) == [1, 2, 9, 8])
  }
}
