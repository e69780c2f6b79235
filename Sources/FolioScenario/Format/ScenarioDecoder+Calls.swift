import Yams

/// Decoding of `calls:` (one single-key mapping per call) and the driver behaviour they carry.
extension ScenarioDecoder {
  static let callKinds = [
    "migrate_vma", "migrate_device_range", "migrate_device_pfns", "migrate_device_coherent_folio", "cpu_fault",
  ]

  func call(_ node: Node, _ path: String) -> CallSpec? {
    guard let (kind, body, bodyPath) = singleKey(node, path, among: Self.callKinds, what: "call") else { return nil }
    let c = context
    switch kind {
    case "migrate_vma":
      return migrateVMA(body, bodyPath).map(CallSpec.migrateVMA)
    case "migrate_device_range":
      guard let f = c.fields(body, at: bodyPath, allowed: ["start_pfn", "pages", "driver"]) else { return nil }
      let start = c.required(f, "start_pfn", expected: "the first device pfn", c.uint64)
      let pages = c.required(f, "pages", expected: "a page count", c.pageCount)
      let driver = c.optional(f, "driver", self.driver)
      guard let start, let pages else { return nil }
      return .migrateDeviceRange(startPfn: start, pages: pages, driver: driver ?? DriverSpec())
    case "migrate_device_pfns":
      guard let f = c.fields(body, at: bodyPath, allowed: ["pfns", "driver"]) else { return nil }
      let pfns = c.required(f, "pfns", expected: "a list of device pfns", c.listOf(c.uint64))
      let driver = c.optional(f, "driver", self.driver)
      return pfns.map { .migrateDevicePfns(pfns: $0, driver: driver ?? DriverSpec()) }
    case "migrate_device_coherent_folio":
      guard let f = c.fields(body, at: bodyPath, allowed: ["pfn"]) else { return nil }
      return c.required(f, "pfn", expected: "a device-coherent pfn", c.uint64).map(CallSpec.migrateDeviceCoherentFolio)
    default:
      guard let f = c.fields(body, at: bodyPath, allowed: ["process", "address", "write", "driver"]) else { return nil }
      let process = c.required(f, "process", expected: "a process name", c.name)
      let address = c.required(f, "address", expected: "a virtual address", c.uint64)
      let write = c.optional(f, "write", c.bool) ?? false
      let driver = c.optional(f, "driver", self.driver)
      guard let process, let address else { return nil }
      return .cpuFault(process: process, address: address, write: write, driver: driver ?? DriverSpec())
    }
  }

  /// A mapping with exactly one key naming what it is (`{migrate_vma: {…}}`): the key, its value
  /// and the value's path (`calls[0].migrate_vma`).
  func singleKey(_ node: Node, _ path: String, among kinds: [String], what: String) -> (String, Node, String)? {
    guard let f = context.fields(node, at: path, allowed: kinds) else { return nil }
    let listed = kinds.map { "'\($0)'" }.joined(separator: ", ")
    guard f.values.count == 1, let (kind, body) = f.values.first else {
      if f.values.count > 1 {
        context.error("\(path): expected exactly one \(what) kind, found \(f.values.count): \(f.values.keys.sorted().joined(separator: ", "))", at: node.mark)
      } else if node.mapping?.isEmpty ?? true {
        context.error("\(path): expected a \(what) (one of \(listed)), found nothing", at: node.mark)
      }
      return nil
    }
    return (kind, body, field(path, kind))
  }

  func migrateVMA(_ node: Node, _ path: String) -> MigrateVMACall? {
    let c = context
    let keys = ["process", "start", "pages", "end", "select", "owner", "fault_page", "null_src", "null_dst", "driver"]
    guard let f = c.fields(node, at: path, allowed: keys) else { return nil }
    let process = c.required(f, "process", expected: "a process name", c.name)
    let start = c.required(f, "start", expected: "the first virtual address", c.uint64)
    let select = c.optional(f, "select", selection)
    let owner = c.optional(f, "owner", c.name)
    let faultPage = c.optional(f, "fault_page", c.uint64)
    let nullSrc = c.optional(f, "null_src", c.bool)
    let nullDst = c.optional(f, "null_dst", c.bool)
    let driverSpec = c.optional(f, "driver", driver)
    guard let end = rangeEnd(f, start: start), let process, let start else { return nil }
    return MigrateVMACall(
      process: process, start: start, end: end, select: select ?? .system, owner: owner, faultPage: faultPage,
      nullSrc: nullSrc ?? false, nullDst: nullDst ?? false, driver: driverSpec ?? DriverSpec())
  }

  /// `end:` as given, or `start + pages × 4096`; exactly one of the two must be there.
  private func rangeEnd(_ f: Fields, start: UInt64?) -> UInt64? {
    let c = context
    switch (f.values["pages"], f.values["end"]) {
    case (nil, nil):
      if f.suggested.isDisjoint(with: ["pages", "end"]) {
        c.error("\(f.path): missing key 'pages' (or 'end'); expected the size of the range", at: f.mark)
      }
    case (.some, .some):
      c.error("\(f.path): give either 'pages' or 'end', not both", at: f.values["end"]?.mark)
    case (nil, .some(let end)):
      return c.uint64(end, field(f.path, "end"))
    case (.some(let pagesNode), nil):
      guard let pages = c.pageCount(pagesNode, field(f.path, "pages")), let start else { return nil }
      let (bytes, o1) = UInt64(pages).multipliedReportingOverflow(by: 4096)
      let (end, o2) = start.addingReportingOverflow(bytes)
      if !o1 && !o2 { return end }
      c.error("\(field(f.path, "pages")): the range ends beyond the 64-bit address space", at: pagesNode.mark)
    }
    return nil
  }

  /// `select:` as a list of names (or one name) → `MigrateSelect`.
  func selection(_ node: Node, _ path: String) -> MigrateSelect? {
    let flag = context.choice(MigrateSelect.names)
    let flags = node.sequence == nil ? flag(node, path).map { [$0] } : context.list(node, path, flag)
    return flags.map { $0.reduce(into: MigrateSelect()) { $0.formUnion($1) } }
  }

  func driver(_ node: Node, _ path: String) -> DriverSpec? {
    let c = context
    let keys = ["decline", "fail_alloc", "fail_compound_alloc", "dst", "allocate_from", "mark_compound"]
    guard let f = c.fields(node, at: path, allowed: keys) else { return nil }
    return DriverSpec(
      decline: c.optional(f, "decline", c.listOf(c.count)) ?? [],
      failAlloc: c.optional(f, "fail_alloc", c.listOf(c.count)) ?? [],
      failCompoundAlloc: c.optional(f, "fail_compound_alloc", c.bool) ?? false,
      dst: c.optional(f, "dst", slotPfns) ?? [:],
      allocateFrom: c.optional(f, "allocate_from", c.name),
      markCompound: c.optional(f, "mark_compound", c.listOf(c.count)) ?? [])
  }

  /// `dst: {0: 0x803, 2: 0x805}`: destination pfns by slot.
  private func slotPfns(_ node: Node, _ path: String) -> [Int: UInt64]? {
    numberKeyed(node, path, keyWhat: "a slot number") { context.uint64($0, $1) }
  }

  /// A mapping whose keys are numbers (slots, step indices), each value converted.
  func numberKeyed<T>(_ node: Node, _ path: String, keyWhat: String, _ convert: (Node, String) -> T?) -> [Int: T]? {
    guard let mapping = node.mapping else {
      context.error("\(path): expected a mapping of \(keyWhat) to a value, found \(context.describe(node))", at: node.mark)
      return nil
    }
    var result: [Int: T] = [:]
    var ok = true
    for (key, value) in mapping {
      guard let index = context.count(key, path) else {
        ok = false
        continue
      }
      guard result[index] == nil else {
        context.numberKeyTwice(key, index, path)
        ok = false
        continue
      }
      context.record("\(path)[\(index)]", value)
      if let converted = convert(value, "\(path)[\(index)]") { result[index] = converted } else { ok = false }
    }
    return ok ? result : nil
  }
}
