/// A complete, self-contained case for the simulator: the machine's memory, the folios in it,
/// the processes that map them, the migrate calls a driver makes, and what happens around them.
/// The same scenario always gives the same timeline.
public struct Scenario: Sendable, Hashable {
  /// Short identifier: the built-in name or the file's stem (`anon-to-device`).
  public var name: String
  public var title: String
  /// One line for `folioscope list`.
  public var summary: String
  /// What the case teaches (several sentences).
  public var description: String
  /// Library grouping: happy paths, refusals, races, THP, device to system.
  public var group: String
  public var kernel: KernelVersion
  public var memory: MemoryLayout
  public var folios: [FolioSpec]
  public var processes: [ProcessSpec]
  public var calls: [CallSpec]
  public var events: [EventSpec]
  public var narration: Narration
  /// The outcome the scenario's author expects, per kernel version (tests compare with it).
  public var expectations: [KernelVersion: [CallOutcome]]

  public init(
    name: String, title: String, summary: String = "", description: String = "", group: String = "",
    kernel: KernelVersion = .v7_0, memory: MemoryLayout, folios: [FolioSpec] = [],
    processes: [ProcessSpec] = [], calls: [CallSpec], events: [EventSpec] = [],
    narration: Narration = Narration(), expectations: [KernelVersion: [CallOutcome]] = [:]
  ) {
    self.name = name
    self.title = title
    self.summary = summary
    self.description = description
    self.group = group
    self.kernel = kernel
    self.memory = memory
    self.folios = folios
    self.processes = processes
    self.calls = calls
    self.events = events
    self.narration = narration
    self.expectations = expectations
  }
}

/// Free text a teacher attaches to phases (`collect`, `unmap`, …) and to step indices.
public struct Narration: Sendable, Hashable {
  public var phases: [String: String]
  public var steps: [Int: String]
  public init(phases: [String: String] = [:], steps: [Int: String] = [:]) {
    self.phases = phases
    self.steps = steps
  }
}

/// The final `src`/`dst` migrate-pfn arrays (and `cpages`) a call is expected to leave.
public struct CallOutcome: Sendable, Hashable {
  public var src: [UInt64]
  public var dst: [UInt64]
  public var cpages: Int?
  public var setupResult: Int?
  public init(src: [UInt64], dst: [UInt64], cpages: Int? = nil, setupResult: Int? = nil) {
    self.src = src
    self.dst = dst
    self.cpages = cpages
    self.setupResult = setupResult
  }
}
