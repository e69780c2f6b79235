import Yams

/// An expected `src`/`dst` array written in full (`[0x400b, 0, 0]`) or sparse (`{0: 0x400b}`,
/// every other slot 0), so that a 512-slot THP call needs no 1024 hand-typed zeroes.
extension ScenarioDecoder {
  func slotArray(_ node: Node, _ path: String, call: Int, slots: Int??) -> [UInt64]? {
    let c = context
    guard let mapping = node.mapping else { return c.list(node, path, c.uint64) }
    guard let known = slots else { return nil }
    guard let count = known else {
      c.error("\(path): a {slot: value} mapping needs the slot count of its call, known only for the calls before the "
        + "first cpu_fault or cpu_access event; give the full list", at: node.mark)
      return nil
    }
    // A call over the page limit is refused by its own check; don't allocate its array.
    guard count <= ScenarioLimits.maxPages else { return nil }
    var array = [UInt64](repeating: 0, count: count)
    var ok = true
    var seen: Set<Int> = []
    for (key, value) in mapping {
      guard let slot = c.count(key, path) else {
        ok = false
        continue
      }
      guard seen.insert(slot).inserted else {
        c.numberKeyTwice(key, slot, path)
        ok = false
        continue
      }
      guard slot < count else {
        let has = count == 0 ? "no slots" : "\(count) slots (0…\(count - 1))"
        c.error("\(path): slot \(slot) does not exist; calls[\(call)] has \(has)", at: key.mark)
        ok = false
        continue
      }
      if let entry = c.uint64(value, "\(path)[\(slot)]") { array[slot] = entry } else { ok = false }
    }
    return ok ? array : nil
  }
}
