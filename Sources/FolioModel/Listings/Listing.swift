/// A paraphrased pseudo-code listing of one kernel function, written for folioscope (no kernel
/// source is copied). Each line has a label the simulation's steps point at.
public struct Listing: Sendable, Hashable {
  public struct Line: Sendable, Hashable {
    public var label: String
    public var text: String
  }

  /// The kernel function's name.
  public var function: String
  /// The file it lives in (`mm/migrate_device.c`).
  public var file: String
  public var lines: [Line]

  public init(function: String, file: String = "mm/migrate_device.c", _ lines: [(String, String)]) {
    self.function = function
    self.file = file
    self.lines = lines.map { Line(label: $0.0, text: $0.1) }
  }

  /// The 1-based line number of `label`, if present.
  public func line(of label: String) -> Int? { lines.firstIndex { $0.label == label }.map { $0 + 1 } }
}
