import Yams

/// Decoding of `processes:`: each process's VMAs and their initial page-table entries.
extension ScenarioDecoder {
  func process(_ node: Node, _ path: String) -> ProcessSpec? {
    let c = context
    guard let f = c.fields(node, at: path, allowed: ["name", "vmas"]) else { return nil }
    let name = c.required(f, "name", expected: "the process's name", c.name)
    let vmas = c.optional(f, "vmas", c.listOf(vma))
    guard let name else { return nil }
    return ProcessSpec(name: name, vmas: vmas ?? [])
  }

  /// `prot:` names and the read/write permissions they stand for.
  static let protections: [(String, (readable: Bool, writable: Bool))] = [
    ("rw", (true, true)), ("r", (true, false)), ("none", (false, false)),
  ]

  func vma(_ node: Node, _ path: String) -> VMASpec? {
    let c = context
    let keys = ["start", "pages", "kind", "prot", "special", "map"]
    guard let f = c.fields(node, at: path, allowed: keys) else { return nil }
    let start = c.required(f, "start", expected: "the VMA's first virtual address", c.uint64)
    let pages = c.required(f, "pages", expected: "the VMA's size in pages", c.pageCount)
    let kind = c.optional(f, "kind", c.choice(VMAKind.self))
    let prot = c.optional(f, "prot", c.choice(Self.protections))
    let special = c.optional(f, "special", c.listOf(c.choice(VMASpecialFlag.self)))
    let mappings = c.optional(f, "map", c.listOf(mapping))
    guard let start, let pages else { return nil }
    return VMASpec(
      start: start, pages: pages, kind: kind ?? .anonPrivate, readable: prot?.readable ?? true,
      writable: prot?.writable ?? true, special: special ?? [], mappings: mappings ?? [])
  }

  func mapping(_ node: Node, _ path: String) -> MappingSpec? {
    let c = context
    let keys = ["page", "entry", "pfn", "write", "dirty", "young", "soft_dirty", "uffd_wp"]
    guard let f = c.fields(node, at: path, allowed: keys) else { return nil }
    let page = c.required(f, "page", expected: "the page index from the VMA start", c.anyInt)
    let entry = c.required(f, "entry", expected: "the entry kind (present, zero, swap, …)", c.choice(MappingEntryKind.self))
    let pfn = c.optional(f, "pfn", c.uint64)
    guard let page, let entry else { return nil }
    return MappingSpec(
      page: page, entry: entry, pfn: pfn, write: c.optional(f, "write", c.bool) ?? false,
      dirty: c.optional(f, "dirty", c.bool) ?? false, young: c.optional(f, "young", c.bool) ?? false,
      softDirty: c.optional(f, "soft_dirty", c.bool) ?? false, uffdWp: c.optional(f, "uffd_wp", c.bool) ?? false)
  }
}
