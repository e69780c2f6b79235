import Foundation
import Testing

/// `folioscope bench`, run small: it must report every field the README lists, and its parts
/// must add up to no more than the whole run. (Its speed is the benchmark's business, never a
/// test's.)
@Suite struct BenchTests {
  @Test func smallBenchReportsEveryDocumentedField() throws {
    let result = try Folioscope.run(["bench", "--slots", "1000", "--json"])
    #expect(result.status == 0)
    let object = try #require(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    let keys = ["slots", "simulate_ms", "ns_per_slot", "baseline_ns_per_slot", "ratio", "build_ms", "record_ms",
                "check_wait_ms", "steps", "changes", "timeline_bytes", "peak_rss_mb", "seek_ms_median",
                "frame_ms_median", "startup_ms", "violations"]
    #expect(Set(object.keys) == Set(keys))
    // 1000 slots round up to two whole 2 MiB chunks.
    #expect(object["slots"] as? Int == 1024)
    #expect(object["violations"] as? Int == 0)
    #expect((object["steps"] as? Int ?? 0) > 1024)
    let number = { (key: String) in (object[key] as? NSNumber)?.doubleValue ?? -1 }
    let parts = number("build_ms") + number("record_ms") + number("check_wait_ms")
    #expect(number("build_ms") >= 0 && number("record_ms") > 0 && number("check_wait_ms") >= 0)
    #expect(parts <= number("simulate_ms") + 0.1)
  }
}
