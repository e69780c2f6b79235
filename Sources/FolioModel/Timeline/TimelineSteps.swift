/// A timeline's steps as a random-access collection; each `Step` is made from the compact log
/// when read, so only the steps someone looks at exist as values.
public struct TimelineSteps: RandomAccessCollection, Equatable, Sendable {
  let log: StepLog

  public var startIndex: Int { 0 }
  public var endIndex: Int { log.count }

  public subscript(index: Int) -> Step { log.step(index) }

  public static func == (a: TimelineSteps, b: TimelineSteps) -> Bool { a.elementsEqual(b) }
}
