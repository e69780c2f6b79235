import Yams

/// Decoding of `events:` (what another thread does at a point of a call) and `narration:`.
extension ScenarioDecoder {
  static let actionKinds = ["cpu_access", "lock_folio", "unlock_folio", "get_reference", "put_reference"]

  func event(_ node: Node, _ path: String) -> EventSpec? {
    let c = context
    guard let f = c.fields(node, at: path, allowed: ["call", "at"] + Self.actionKinds) else { return nil }
    let call = c.optional(f, "call", c.count)
    let at = c.required(f, "at", expected: "an event point (after_setup, …)", c.choice(EventPoint.self))
    let actions = Self.actionKinds.filter { f.values[$0] != nil }
    guard actions.count == 1, let kind = actions.first, let body = f.values[kind] else {
      let listed = Self.actionKinds.map { "'\($0)'" }.joined(separator: ", ")
      let found = actions.isEmpty ? "none" : actions.joined(separator: ", ")
      c.error("\(path): expected exactly one action (\(listed)), found \(found)", at: node.mark)
      return nil
    }
    let action = self.action(kind, body, field(path, kind))
    guard let at, let action else { return nil }
    return EventSpec(call: call ?? 0, at: at, action: action)
  }

  private func action(_ kind: String, _ body: Node, _ path: String) -> EventAction? {
    let c = context
    switch kind {
    case "cpu_access":
      guard let f = c.fields(body, at: path, allowed: ["process", "address", "write"]) else { return nil }
      let process = c.required(f, "process", expected: "a process name", c.name)
      let address = c.required(f, "address", expected: "a virtual address", c.uint64)
      let write = c.optional(f, "write", c.bool) ?? false
      guard let process, let address else { return nil }
      return .cpuAccess(process: process, address: address, write: write)
    case "lock_folio": return c.uint64(body, path).map(EventAction.lockFolio)
    case "unlock_folio": return c.uint64(body, path).map(EventAction.unlockFolio)
    case "get_reference": return c.uint64(body, path).map(EventAction.getReference)
    default: return c.uint64(body, path).map(EventAction.putReference)
    }
  }

  func narration(_ node: Node, _ path: String) -> Narration? {
    let c = context
    guard let f = c.fields(node, at: path, allowed: ["phases", "steps", "kernels"]) else { return nil }
    let phases = c.optional(f, "phases", phaseTexts)
    let steps = c.optional(f, "steps") { numberKeyed($0, $1, keyWhat: "a step number", c.text) }
    let kernels = c.optional(f, "kernels") { c.list($0, $1, c.choice(KernelVersion.self)) }
    return Narration(phases: phases ?? [:], steps: steps ?? [:], alsoFor: Set(kernels ?? []))
  }

  /// `phases: {collect: "…"}`; the keys are the timeline's phase names.
  private func phaseTexts(_ node: Node, _ path: String) -> [String: String]? {
    guard let f = context.fields(node, at: path, allowed: Narration.phaseNames) else { return nil }
    var texts: [String: String] = [:]
    for (phase, value) in f.values {
      guard let text = context.text(value, field(path, phase)) else { return nil }
      texts[phase] = text
    }
    return texts
  }
}

extension Narration {
  /// The phase names a narration may address (the timeline's phases, `Phase` in FolioModel).
  public static let phaseNames = [
    "start", "setup", "collect", "unmap", "driver", "pages", "finalize", "evict", "fault", "event", "done",
  ]
}
