/// A change log's words, append-only: the store writes only past its count, so words once
/// written never change, and a batch of steps handed to the checker reads its words where they
/// are (a `WordStore.Words` holds their memory) instead of a copy. A store that must grow moves
/// to a bigger buffer; batches still reading the old one keep it alive until they are checked.
struct WordStore: Sendable, RandomAccessCollection {
  /// The words' memory, freed once neither a store nor a `Words` holds it.
  final class Memory: @unchecked Sendable {
    // Safe to share: a store writes only words past its count, and only while it is the one
    // store on this memory (see `append`); readers read only words below a count they were given.
    let base: UnsafeMutablePointer<UInt64>
    let capacity: Int

    init(capacity: Int) {
      self.capacity = capacity
      base = .allocate(capacity: capacity)
    }

    deinit { base.deallocate() }
  }

  /// Shared by the copies of one store, and by nothing else: a store alone on it may write in
  /// place, since no other store can see its memory past its count.
  private final class Writer: Sendable {}

  /// Words `range` of a store, read in place.
  struct Words: @unchecked Sendable, RandomAccessCollection {
    // Safe to share: `base` points into `memory`, which this holds, at words that never change.
    private let memory: Memory
    private let base: UnsafePointer<UInt64>
    let count: Int

    fileprivate init(memory: Memory, range: Range<Int>) {
      self.memory = memory
      base = UnsafePointer(memory.base + range.lowerBound)
      count = range.count
    }

    var startIndex: Int { 0 }
    var endIndex: Int { count }

    @inline(__always) subscript(position: Int) -> UInt64 {
      precondition(position >= 0 && position < count, "word outside the batch")
      return base[position]
    }
  }

  private var memory = Memory(capacity: 0)
  private var writer = Writer()
  private(set) var count = 0

  /// Makes room for `capacity` words in all, so that appending up to there never moves them.
  mutating func reserveCapacity(_ capacity: Int) {
    if capacity > memory.capacity { move(capacity: capacity) }
  }

  /// Appends up to `maximum` words, which `write` stores from the pointer it is given,
  /// returning how many it stored.
  @inline(__always)
  mutating func append(upTo maximum: Int, _ write: (UnsafeMutablePointer<UInt64>) -> Int) {
    if count + maximum > memory.capacity || !isKnownUniquelyReferenced(&writer) {
      move(capacity: count + maximum > memory.capacity ? Swift.max(2 * memory.capacity, count + maximum) : memory.capacity)
    }
    let added = write(memory.base + count)
    precondition(added <= maximum, "more words than room was made for")
    count += added
  }

  /// Copies the words to memory of `capacity` words that this store alone writes.
  private mutating func move(capacity: Int) {
    let moved = Memory(capacity: capacity)
    moved.base.initialize(from: memory.base, count: count)
    memory = moved
    writer = Writer()
  }

  var startIndex: Int { 0 }
  var endIndex: Int { count }

  @inline(__always) subscript(position: Int) -> UInt64 {
    precondition(position >= 0 && position < count, "word outside the log")
    return memory.base[position]
  }

  /// Words `range`, read in place.
  func words(in range: Range<Int>) -> Words {
    precondition(range.lowerBound >= 0 && range.upperBound <= count, "words outside the log")
    return Words(memory: memory, range: range)
  }

  /// The pages that words `range` occupy, clipped to the capacity (see `Prefault`).
  func prefault(_ range: Range<Int>) -> Prefault? {
    Prefault(base: memory.base, stride: MemoryLayout<UInt64>.stride, elements: range, capacity: memory.capacity)
  }
}
