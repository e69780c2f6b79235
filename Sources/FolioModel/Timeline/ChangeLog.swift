/// Every change of a run as a stream of 64-bit words: a million-slot run records fifteen
/// million of them, so their size is most of a timeline's memory.
///
/// The frequent small changes — a frame word or a src/dst entry whose flipped bits fit in one
/// half of the word, with a pfn or slot below 2^26 — take one word. Others take two: a head
/// word with a tag and the small fields, and the bits (see `Packed`). Anything whose fields do
/// not fit, and the rare structural changes, are kept whole in a side array the head points
/// into. The changes of the step being recorded stay unencoded in `pending` until the step is
/// sealed, so that a step's changes to one frame word can fold into one.
struct ChangeLog: Sendable {
  private var words = WordStore()
  private var boxed: [Change] = []
  /// The open step's changes, packed but not yet compacted (boxed ones are already boxed).
  private var pending: [Packed] = []

  /// How many changes are recorded (sealed and pending).
  private(set) var count = 0

  mutating func reserveCapacity(words capacity: Int) { words.reserveCapacity(capacity) }

  @inline(__always) mutating func append(_ change: Change) {
    if let packed = Packed.encode(change) {
      pending.append(packed)
    } else {
      boxed.append(change)
      pending.append(Packed.boxed(boxed.count - 1))
    }
    count += 1
  }

  /// Appends a frame change, or folds it into the open step's earlier change of the same word
  /// of the same frame (XOR changes compose; a fold to zero bits stays, so the step still names
  /// the frame). Looks back a few changes only: one step's updates are close.
  @inline(__always)
  mutating func appendFolding(pfn: PFN, word: Int, bits: UInt64) {
    guard let packed = Packed.frame(pfn: pfn, word: word, bits: bits) else {
      return append(.frame(pfn: pfn, bits: bits, word: UInt8(word)))
    }
    appendFolding(frame: packed)
  }

  private mutating func appendFolding(frame packed: Packed) {
    var index = pending.count
    let stop = max(0, index - 16)
    while index > stop {
      index -= 1
      if pending[index].head == packed.head {
        pending[index].bits ^= packed.bits
        return
      }
    }
    pending.append(packed)
    count += 1
  }

  /// Appends a counter change, or folds it into the open step's earlier change of the same
  /// call's counters while the two still pack together: apply sets the last `after`, revert the
  /// first `before`, and readers only ask which call's counters changed.
  mutating func appendFolding(counters call: Int, before: CallCounters, after: CallCounters) {
    // Works on the packed words: a `.counters` change is boxed (indirect), and making one per
    // fold allocated twice for every collected slot.
    for index in pending.indices.reversed().prefix(16) where pending[index].isCounters(of: call) {
      guard let folded = pending[index].folding(counters: call, to: after) else { break }
      pending[index] = folded
      return
    }
    if let packed = Packed.counters(call: call, before: before, after: after) {
      pending.append(packed)
      count += 1
    } else {
      append(.counters(call: call, before: before, after: after))
    }
  }

  /// Closes the open step: encodes its changes into the stream. Returns where the sealed
  /// changes end, in words (where the next step's will begin).
  mutating func seal() -> Int {
    words.append(upTo: 2 * pending.count) { next in
      var written = 0
      for packed in pending {
        if let word = packed.compact {
          next[written] = word
          written += 1
        } else {
          next[written] = packed.head
          next[written + 1] = packed.bits
          written += 2
        }
      }
      return written
    }
    pending.removeAll(keepingCapacity: true)
    return words.count
  }

  /// The sealed changes stored in words `range` (a step's range), decoded as they are read.
  func changes(in range: Range<Int>) -> Changes { Changes(log: self, position: range.lowerBound, end: range.upperBound) }

  /// The sealed changes of a range of words, in order.
  struct Changes: Sequence, IteratorProtocol {
    fileprivate let log: ChangeLog
    fileprivate var position: Int
    fileprivate let end: Int

    mutating func next() -> Change? {
      guard position < end else { return nil }
      let change: Change
      (change, position) = log.change(at: position)
      return change
    }
  }

  /// The sealed change that starts at word `position`, and where the next one starts.
  func change(at position: Int) -> (change: Change, next: Int) {
    Self.change(in: words, at: position, boxed: boxed)
  }

  /// The change that starts at `position` of `words` (sealed words, or a copy of some), whose
  /// boxed changes are in `boxed`.
  @inline(__always)
  static func change<Words: RandomAccessCollection<UInt64>>(in words: Words, at position: Words.Index,
                                                            boxed: [Change]) -> (change: Change, next: Words.Index) {
    let head = words[position]
    if Compact.isCompact(head) { return (Compact.decode(head), words.index(after: position)) }
    let bits = words[words.index(after: position)]
    return (Packed(head: head, bits: bits).decode(boxed: boxed), words.index(position, offsetBy: 2))
  }

  /// How many words are sealed.
  var wordCount: Int { words.count }

  /// The pages that sealed words `range` will occupy (see `Prefault`).
  func prefault(words range: Range<Int>) -> Prefault? { words.prefault(range) }

  /// Sealed words `range`, read in place (a batch of steps handed to the checker).
  func words(in range: Range<Int>) -> WordStore.Words { words.words(in: range) }

  /// How many changes are boxed, and the boxed changes from `index` on.
  var boxedCount: Int { boxed.count }
  func boxed(from index: Int) -> ArraySlice<Change> { boxed[index...] }

  /// The bytes the log takes.
  var bytes: Int {
    words.count * MemoryLayout<UInt64>.stride + boxed.count * MemoryLayout<Change>.stride
      + pending.count * MemoryLayout<Packed>.stride
  }
}
