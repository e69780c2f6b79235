/// A complete, self-contained case for the simulator: the machine's memory, the folios in it,
/// the processes that map them, the migrate calls a driver makes, and what happens around them.
/// The same scenario always gives the same timeline.
public struct Scenario: Sendable, Hashable {
  /// Short identifier: the built-in name or the file's stem (`anon-to-device`).
  public var name: String
  public var title: String
  /// The title under another kernel, where `title` says what that kernel does not do (a
  /// compound entry under v6.8, say): `titles:` in the file.
  public var titles: [KernelVersion: String]
  /// One line for `folioscope list`.
  public var summary: String
  /// What the case teaches (several sentences).
  public var description: String
  /// Library grouping: one of `libraryGroups`, or "" (none).
  public var group: String
  public var kernel: KernelVersion
  public var memory: PhysicalMemory
  public var folios: [FolioSpec]
  public var processes: [ProcessSpec]
  public var calls: [CallSpec]
  public var events: [EventSpec]
  public var narration: Narration
  /// The outcome the scenario's author expects, per kernel version (tests compare with it).
  public var expectations: [KernelVersion: Expectation]

  /// The title a run under `kernel` shows: its `titles` entry, else `title`.
  public func title(under kernel: KernelVersion) -> String { titles[kernel] ?? title }

  /// The groups `folioscope list` shows the built-ins in, in its order.
  public static let libraryGroups = ["happy-path", "refusals", "races", "thp", "device-to-system", "beyond-spec"]

  /// The distinct `groups` in the library's order: `libraryGroups` first, any other by name ("",
  /// no group, before them), so `folioscope list` and the UI's picker agree.
  public static func libraryOrder(_ groups: some Sequence<String>) -> [String] {
    let order = libraryGroups
    return Set(groups).sorted {
      (order.firstIndex(of: $0) ?? order.count, $0) < (order.firstIndex(of: $1) ?? order.count, $1)
    }
  }

  public init(
    name: String, title: String, titles: [KernelVersion: String] = [:], summary: String = "", description: String = "", group: String = "",
    kernel: KernelVersion = .v7_0, memory: PhysicalMemory, folios: [FolioSpec] = [],
    processes: [ProcessSpec] = [], calls: [CallSpec], events: [EventSpec] = [],
    narration: Narration = Narration(), expectations: [KernelVersion: Expectation] = [:]
  ) {
    self.name = name
    self.title = title
    self.titles = titles
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
  /// The kernels the phase texts are written for besides the scenario's own (`kernels:`), when
  /// they hold under both; step texts, keyed by index, belong to the scenario's kernel only.
  public var alsoFor: Set<KernelVersion>
  public init(phases: [String: String] = [:], steps: [Int: String] = [:], alsoFor: Set<KernelVersion> = []) {
    self.phases = phases
    self.steps = steps
    self.alsoFor = alsoFor
  }
}

/// What the scenario's author expects at the end of a run under one kernel version: per call the
/// final arrays, plus any page-table entries and page states worth asserting.
public struct Expectation: Sendable, Hashable {
  public var calls: [CallOutcome]
  public var ptes: [ExpectedPTE]
  public var pages: [ExpectedPage]
  public init(calls: [CallOutcome] = [], ptes: [ExpectedPTE] = [], pages: [ExpectedPage] = []) {
    self.calls = calls
    self.ptes = ptes
    self.pages = pages
  }
}

/// An expected final page-table entry. `entry` uses the trace JSON names: none, present, zero,
/// migration, device_private, swap, device_exclusive; `level` is "pte" or "pmd".
public struct ExpectedPTE: Sendable, Hashable {
  public var process: String
  public var address: UInt64
  public var level: String
  public var entry: String
  public var pfn: UInt64?
  public var write: Bool?
  public init(process: String, address: UInt64, level: String = "pte", entry: String, pfn: UInt64? = nil, write: Bool? = nil) {
    self.process = process
    self.address = address
    self.level = level
    self.entry = entry
    self.pfn = pfn
    self.write = write
  }
}

/// An expected final page state; nil fields are not checked.
public struct ExpectedPage: Sendable, Hashable {
  public var pfn: UInt64
  public var refcount: Int?
  public var mapcount: Int?
  public var locked: Bool?
  public var lru: Bool?
  public var free: Bool?
  public init(pfn: UInt64, refcount: Int? = nil, mapcount: Int? = nil, locked: Bool? = nil, lru: Bool? = nil, free: Bool? = nil) {
    self.pfn = pfn
    self.refcount = refcount
    self.mapcount = mapcount
    self.locked = locked
    self.lru = lru
    self.free = free
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
