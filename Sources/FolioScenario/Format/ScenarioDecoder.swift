import Yams

/// Turns a composed YAML tree into a `Scenario`, reporting every shape problem (unknown keys,
/// wrong types, missing keys) with its field path. Meaning is checked later by `ScenarioValidator`.
struct ScenarioDecoder {
  let context: DecodeContext
  /// The name used when the file has no `name:` key: the file's stem.
  let defaultName: String

  static let topLevelKeys = [
    "name", "title", "titles", "summary", "group", "kernel", "description", "memory", "folios", "processes", "calls",
    "events", "narration", "expect",
  ]

  /// The scenario, or nil on any problem of shape; and the scenario whose meaning can still be
  /// checked: all of it, or, when only its narration or expectations had problems, the rest
  /// (so that one `validate` reports the problems of every section).
  func decode(_ root: Node) -> (scenario: Scenario?, checkable: Scenario?) {
    guard let top = context.fields(root, at: "", allowed: Self.topLevelKeys) else { return (nil, nil) }
    let c = context
    let name = c.optional(top, "name", c.name) ?? defaultName
    let memory = c.required(top, "memory", expected: "a mapping with 'system' and optional 'devices'", memoryLayout)
    let calls = c.required(top, "calls", expected: "a list of calls (migrate_vma, …)", c.listOf(call))
    let events = c.optional(top, "events", c.listOf(event))
    var scenario = Scenario(
      name: name,
      title: c.optional(top, "title", c.text) ?? name,
      titles: c.optional(top, "titles", kernelTitles) ?? [:],
      summary: c.optional(top, "summary", c.text) ?? "",
      description: c.optional(top, "description", c.text) ?? "",
      group: c.optional(top, "group", c.text) ?? "",
      kernel: c.optional(top, "kernel", c.choice(KernelVersion.self)) ?? .v7_0,
      memory: memory ?? PhysicalMemory(system: PfnRange(start: 0, count: 0)),
      folios: c.optional(top, "folios", c.listOf(folio)) ?? [],
      processes: c.optional(top, "processes", c.listOf(process)) ?? [],
      calls: calls ?? [],
      events: events ?? []
    )
    let machineIsWhole = c.diagnostics.isEmpty
    let machine = scenario
    // The slot count of each outcome a sparse `{slot: value}` array may use; nil when the calls
    // are wrong (already reported), so a sparse array is then not expanded nor blamed.
    let expected = calls.map { ExpectedCalls($0, events: events ?? []) }
    scenario.narration = c.optional(top, "narration", narration) ?? Narration()
    scenario.expectations = c.optional(top, "expect") { expectations($0, $1, calls: expected) } ?? [:]
    guard c.diagnostics.isEmpty else { return (nil, machineIsWhole ? machine : nil) }
    return (scenario, scenario)
  }

  /// `titles: {v6.8: "…"}`: a title per kernel version.
  private func kernelTitles(_ node: Node, _ path: String) -> [KernelVersion: String]? {
    guard let f = context.fields(node, at: path, allowed: KernelVersion.allCases.map(\.rawValue)) else { return nil }
    var titles: [KernelVersion: String] = [:]
    for version in KernelVersion.allCases {
      guard let value = f.values[version.rawValue] else { continue }
      guard let title = context.text(value, field(path, version.rawValue)) else { return nil }
      titles[version] = title
    }
    return titles
  }

  func memoryLayout(_ node: Node, _ path: String) -> PhysicalMemory? {
    let c = context
    guard let f = c.fields(node, at: path, allowed: ["system", "zero_pfn", "devices"]) else { return nil }
    let system = c.required(f, "system", expected: "a pfn range {start, pages}", pfnRange)
    let devices = c.optional(f, "devices", c.listOf(device))
    let zeroPfn = c.optional(f, "zero_pfn", c.uint64)
    guard let system else { return nil }
    return PhysicalMemory(system: system, devices: devices ?? [], zeroPfn: zeroPfn ?? 0)
  }

  func pfnRange(_ node: Node, _ path: String) -> PfnRange? {
    let c = context
    guard let f = c.fields(node, at: path, allowed: ["start", "pages"]) else { return nil }
    return rangeFields(f)
  }

  /// `start` and `pages` of a mapping that describes a pfn range (memory or a device).
  private func rangeFields(_ f: Fields) -> PfnRange? {
    let c = context
    let start = c.required(f, "start", expected: "the first pfn", c.uint64)
    let pages = c.required(f, "pages", expected: "a page count", c.pageCount)
    guard let start, let pages else { return nil }
    return PfnRange(start: start, count: pages)
  }

  func device(_ node: Node, _ path: String) -> DeviceSpec? {
    let c = context
    guard let f = c.fields(node, at: path, allowed: ["name", "type", "start", "pages"]) else { return nil }
    let name = c.required(f, "name", expected: "the device's name (the pgmap owner)", c.name)
    let type = c.required(f, "type", expected: "'private' or 'coherent'", c.choice(DeviceMemoryType.self))
    guard let range = rangeFields(f), let name, let type else { return nil }
    return DeviceSpec(name: name, type: type, range: range)
  }

  func folio(_ node: Node, _ path: String) -> FolioSpec? {
    let c = context
    let keys = ["pfn", "order", "backing", "dirty", "swapcache", "extra_refs", "pins", "locked_by_other", "isolated",
                "content"]
    guard let f = c.fields(node, at: path, allowed: keys) else { return nil }
    guard let pfn = c.required(f, "pfn", expected: "the head pfn", c.uint64) else { return nil }
    return FolioSpec(
      pfn: pfn,
      order: c.optional(f, "order", c.anyInt) ?? 0,
      backing: c.optional(f, "backing", c.choice(FolioBacking.self)) ?? .anon,
      swapcache: c.optional(f, "swapcache", c.bool) ?? false,
      dirty: c.optional(f, "dirty", c.bool) ?? false,
      extraRefs: c.optional(f, "extra_refs", c.count) ?? 0,
      pins: c.optional(f, "pins", c.count) ?? 0,
      lockedByOther: c.optional(f, "locked_by_other", c.bool) ?? false,
      isolated: c.optional(f, "isolated", c.bool) ?? false,
      content: c.optional(f, "content", c.uint64)
    )
  }
}
