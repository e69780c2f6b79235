/// A fixed-length array stored as 512-element chunks, each its own copy-on-write array, so a
/// copy of the whole (a timeline checkpoint) shares every chunk and a later write copies only
/// the chunk it touches: checkpoints cost pointers, not elements.
///
/// Reading and writing an element are O(1); copying the array is O(count / 512) retains.
public struct ChunkedArray<Element: Hashable & Sendable>: Sendable, Hashable, RandomAccessCollection,
  MutableCollection
{
  private var chunks: [[Element]]
  public let count: Int

  /// Elements per chunk (a power of two): small enough that the chunks a stretch of steps
  /// touches are cheap to copy, large enough that the chunk pointers stay few.
  static var chunkShift: Int { 9 }
  private static var chunkMask: Int { (1 << chunkShift) - 1 }

  /// `count` copies of `value`, whose whole chunks share one array until written.
  public init(repeating value: Element, count: Int) {
    self.init(runs: [(value, count)])
  }

  /// Runs of repeated values, one after the other (a machine's free frames: one run per region).
  /// The whole chunks of a run share one array until written, so a region nothing touches
  /// costs one chunk, in this array and in every copy of it.
  public init(runs: [(value: Element, count: Int)]) {
    let size = 1 << Self.chunkShift
    count = runs.reduce(0) { $0 + $1.count }
    var chunks: [[Element]] = []
    chunks.reserveCapacity((count + size - 1) / size)
    var current: [Element] = []
    for run in runs {
      var remaining = run.count
      let whole = [Element](repeating: run.value, count: size)
      while remaining > 0 {
        if current.isEmpty && remaining >= size {
          chunks.append(whole)
          remaining -= size
          continue
        }
        let take = Swift.min(remaining, size - current.count)
        current.append(contentsOf: repeatElement(run.value, count: take))
        remaining -= take
        if current.count == size {
          chunks.append(current)
          current = []
        }
      }
    }
    if !current.isEmpty { chunks.append(current) }
    self.chunks = chunks
  }

  public init<S: Sequence>(_ elements: S) where S.Element == Element {
    let all = Array(elements)
    count = all.count
    let size = 1 << Self.chunkShift
    chunks = stride(from: 0, to: all.count, by: size).map { Array(all[$0..<Swift.min($0 + size, all.count)]) }
  }

  /// A copy whose chunks share no storage with this one's; chunks this one shares among
  /// themselves (a run of one repeated value) stay shared in the copy.
  func unshared() -> ChunkedArray {
    var copy = self
    var last: (source: UnsafePointer<Element>?, copy: [Element]) = (nil, [])
    for index in chunks.indices {
      chunks[index].withUnsafeBufferPointer { source in
        if source.baseAddress != last.source { last = (source.baseAddress, Array(source)) }
        copy.chunks[index] = last.copy
      }
    }
    return copy
  }

  public var startIndex: Int { 0 }
  public var endIndex: Int { count }

  public subscript(position: Int) -> Element {
    get { chunks[position >> Self.chunkShift][position & Self.chunkMask] }
    set { chunks[position >> Self.chunkShift][position & Self.chunkMask] = newValue }
  }
}

extension ChunkedArray: ExpressibleByArrayLiteral {
  public init(arrayLiteral elements: Element...) { self.init(elements) }
}
