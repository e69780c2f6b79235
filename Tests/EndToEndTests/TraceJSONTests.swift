import Foundation
import Testing

/// `folioscope trace --json`: the document a script or a notebook reads (issue 2's shape).
@Suite struct TraceJSONTests {
  private func document(_ arguments: [String]) throws -> [String: Any] {
    let result = try Folioscope.run(["trace", "--json"] + arguments)
    #expect(result.status == 0)
    #expect(result.stderr.isEmpty)
    let parsed = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8))
    return try #require(parsed as? [String: Any], "the top level is not an object")
  }

  /// Every element of `array` is an object with exactly `keys`.
  private func expectRows(_ value: Any?, keys: Set<String>, _ name: String) throws -> [[String:
    Any]]
  {
    let rows = try #require(value as? [[String: Any]], "\(name) is not an array of objects")
    #expect(!rows.isEmpty, "\(name) is empty")
    for row in rows { #expect(Set(row.keys) == keys, "\(name): \(row.keys.sorted())") }
    return rows
  }

  @Test func mixedEightHasExactlyTheIssuesKeys() throws {
    let json = try document(["mixed-eight"])
    // The issue's keys, and how the run compares with the scenario's expect block.
    #expect(
      Set(json.keys) == ["scenario", "kernel", "steps", "calls", "ptes", "pages", "invariants", "expect"])
    let expect = try #require(json["expect"] as? [String: Any])
    #expect((expect["mismatches"] as? [Any])?.isEmpty == true)
    #expect(json["scenario"] as? String == "mixed-eight")
    #expect(json["kernel"] as? String == "v7.0")
    let steps = try expectRows(
      json["steps"], keys: ["index", "phase", "function", "line", "slot", "pfn", "text", "failed"], "steps")
    #expect(steps.map { $0["index"] as? Int } == Array(0..<40))
    // One key more than the issue's: which steps failed (the timeline bar's ✗).
    #expect(steps.filter { $0["failed"] as? Bool == true }.compactMap { $0["index"] as? Int } == [7, 9, 16, 18, 30, 37])
    #expect(steps.first?["phase"] as? String == "start")
    #expect(steps.last?["phase"] as? String == "done")
    let calls = try expectRows(
      json["calls"], keys: ["api", "start", "setup_result", "cpages", "src", "dst"], "calls")
    #expect(calls.count == 1)
    #expect(calls.first?["api"] as? String == "migrate_vma")
    #expect(
      calls.first?["src"] as? [String] == [
        "0x400b", "0x2", "0x2", "0x0", "0x0", "0x0", "0x0", "0x41c9",
      ])
    #expect(
      calls.first?["dst"] as? [String] == [
        "0x20009", "0x20041", "0x20081", "0x0", "0x0", "0x0", "0x0", "0x0",
      ])
    // One key more than the issue's: every bit of the entry.
    let ptes = try expectRows(
      json["ptes"], keys: ["process", "address", "level", "entry", "pfn", "write", "bits"], "ptes")
    #expect(ptes.count == 8)
    #expect(ptes.first?["address"] as? String == "0x7f0000000000")
    #expect(ptes.first?["bits"] as? [String] == ["write"], "slot 0 ends a writable device-private entry")
    _ = try expectRows(
      json["pages"], keys: ["pfn", "refcount", "mapcount", "locked", "lru", "free"], "pages")
    let invariants = try #require(json["invariants"] as? [String: Any])
    #expect(Set(invariants.keys) == ["checked", "violations"])
    #expect(invariants["checked"] as? Int == 40)
    #expect((invariants["violations"] as? [Any])?.isEmpty == true)
  }

  @Test("pages holds every pfn a step or a final entry names", arguments: ["mthp-pte-mapped", "device-evict-range"])
  func pagesCoverEveryNamedPfn(scenario: String) throws {
    let json = try document([scenario, "--kernel", "v6.8"])
    let pages = Set(try #require(json["pages"] as? [[String: Any]]).compactMap { $0["pfn"] as? String })
    let steps = try #require(json["steps"] as? [[String: Any]]).compactMap { $0["pfn"] as? String }
    let entries = try #require(json["ptes"] as? [[String: Any]]).compactMap { $0["pfn"] as? String }
    #expect(!steps.isEmpty && !entries.isEmpty)
    #expect(Set(steps + entries).subtracting(pages).isEmpty, "\(Set(steps + entries).subtracting(pages).sorted())")
  }

  @Test func kernelOptionChangesTheKernelField() throws {
    let json = try document(["mixed-eight", "--kernel", "v6.8"])
    #expect(json["kernel"] as? String == "v6.8")
    let calls = try #require(json["calls"] as? [[String: Any]])
    #expect(
      calls.first?["dst"] as? [String] == [
        "0x20009", "0x20049", "0x20089", "0x0", "0x0", "0x0", "0x0", "0x0",
      ])
  }

  /// Every built-in, under both kernels, runs to the end with every invariant held.
  @Test(arguments: ["v6.8", "v7.0"])
  func everyBuiltinHoldsItsInvariants(kernel: String) throws {
    for name in try ListAndTraceTests.builtinNames() {
      let json = try document([name, "--kernel", kernel])
      let invariants = json["invariants"] as? [String: Any]
      #expect((invariants?["checked"] as? Int ?? 0) > 0, "\(name) \(kernel)")
      #expect((invariants?["violations"] as? [Any])?.isEmpty == true, "\(name) \(kernel)")
    }
  }

  @Test("v6.8's text names migrate_device_coherent_page; the JSON keeps the issue's api value")
  func coherentCallNames() throws {
    let text = try Folioscope.output("trace", "coherent-longterm-pin", "--kernel", "v6.8")
    #expect(text.contains("\ncall 1: migrate_device_coherent_page\n"))
    let json = try document(["coherent-longterm-pin", "--kernel", "v6.8"])
    let calls = try #require(json["calls"] as? [[String: Any]])
    #expect(calls.first?["api"] as? String == "migrate_device_coherent_folio")
  }

  @Test func outputIsDeterministic() throws {
    let first = try Folioscope.run(["trace", "--json", "mthp-pte-mapped"])
    let second = try Folioscope.run(["trace", "--json", "mthp-pte-mapped"])
    #expect(first.status == 0)
    #expect(first.stdout == second.stdout)
  }
}
