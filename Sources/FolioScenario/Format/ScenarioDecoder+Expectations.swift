import Yams

/// Decoding of `expect:`, the outcome an author expects per kernel version.
extension ScenarioDecoder {
  /// The entry names of the trace JSON that `expect.ptes[].entry` may use.
  static let expectedEntryNames = [
    "none", "present", "zero", "migration", "device_private", "swap", "device_exclusive",
  ]

  /// `calls`: what the scenario's calls fix about the outcomes (nil when they could not be read).
  func expectations(_ node: Node, _ path: String, calls: ExpectedCalls?) -> [KernelVersion: Expectation]? {
    let versions = KernelVersion.allCases.map(\.rawValue)
    guard let f = context.fields(node, at: path, allowed: versions) else { return nil }
    var result: [KernelVersion: Expectation] = [:]
    for version in KernelVersion.allCases {
      guard let value = f.values[version.rawValue] else { continue }
      guard let expectation = expectation(value, field(path, version.rawValue), calls: calls) else { return nil }
      result[version] = expectation
    }
    return result
  }

  private func expectation(_ node: Node, _ path: String, calls expected: ExpectedCalls?) -> Expectation? {
    let c = context
    guard let f = c.fields(node, at: path, allowed: ["calls", "ptes", "pages"]) else { return nil }
    var index = 0
    let calls = c.optional(f, "calls") { node, path in
      c.list(node, path) { (outcome, outcomePath) -> CallOutcome? in
        defer { index += 1 }
        if let count = expected?.count, index >= count {
          c.error("\(outcomePath): there is no call \(index) to expect: the scenario makes \(count) call"
            + (count == 1 ? "" : "s") + ", and no cpu_fault call or cpu_access event can add one; delete this outcome",
            at: outcome.mark)
          return nil
        }
        let slots = expected.map { index < $0.slots.count ? $0.slots[index] : nil }
        return callOutcome(outcome, outcomePath, call: index, slots: slots)
      }
    }
    let ptes = c.optional(f, "ptes", c.listOf(expectedPTE))
    let pages = c.optional(f, "pages", c.listOf(expectedPage))
    return Expectation(calls: calls ?? [], ptes: ptes ?? [], pages: pages ?? [])
  }

  /// Outcome number `call`; `slots` is its call's slot count: `.some(nil)` when no call fixes
  /// it, nil when the calls could not be read.
  private func callOutcome(_ node: Node, _ path: String, call: Int, slots: Int??) -> CallOutcome? {
    let c = context
    guard let f = c.fields(node, at: path, allowed: ["src", "dst", "cpages", "setup_result"]) else { return nil }
    let array = { (node: Node, path: String) in slotArray(node, path, call: call, slots: slots) }
    let src = c.required(f, "src", expected: "the final src array", array)
    let dst = c.required(f, "dst", expected: "the final dst array", array)
    let cpages = c.optional(f, "cpages", c.count)
    let setupResult = c.optional(f, "setup_result", c.anyInt)
    guard let src, let dst else { return nil }
    return CallOutcome(src: src, dst: dst, cpages: cpages, setupResult: setupResult)
  }

  private func expectedPTE(_ node: Node, _ path: String) -> ExpectedPTE? {
    let c = context
    let keys = ["process", "address", "level", "entry", "pfn", "write"]
    guard let f = c.fields(node, at: path, allowed: keys) else { return nil }
    let process = c.required(f, "process", expected: "a process name", c.name)
    let address = c.required(f, "address", expected: "a virtual address", c.uint64)
    let level = c.optional(f, "level", c.choice([("pte", "pte"), ("pmd", "pmd")]))
    let entryNames = Self.expectedEntryNames.map { ($0, $0) }
    let entry = c.required(f, "entry", expected: "an entry kind (present, …)", c.choice(entryNames))
    let pfn = c.optional(f, "pfn", c.uint64)
    let write = c.optional(f, "write", c.bool)
    guard let process, let address, let entry else { return nil }
    return ExpectedPTE(process: process, address: address, level: level ?? "pte", entry: entry, pfn: pfn, write: write)
  }

  private func expectedPage(_ node: Node, _ path: String) -> ExpectedPage? {
    let c = context
    let keys = ["pfn", "refcount", "mapcount", "locked", "lru", "free"]
    guard let f = c.fields(node, at: path, allowed: keys) else { return nil }
    guard let pfn = c.required(f, "pfn", expected: "a pfn", c.uint64) else { return nil }
    return ExpectedPage(
      pfn: pfn, refcount: c.optional(f, "refcount", c.count), mapcount: c.optional(f, "mapcount", c.count),
      locked: c.optional(f, "locked", c.bool), lru: c.optional(f, "lru", c.bool), free: c.optional(f, "free", c.bool))
  }
}
