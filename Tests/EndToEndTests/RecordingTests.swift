import Foundation
import Testing

/// `folioscope record` and `handout` run as real binaries; the recording is played through a
/// real asciinema player inside tmux, and its last screen must be the frame `render` draws.
@Suite struct RecordingTests {
  @Test func sameArgumentsGiveTheSameBytesAndAChapterPerPhase() throws {
    let scratch = try TemporaryFolder()
    let output = scratch.path("a.cast")
    _ = try Folioscope.output("record", "anon-to-device", "-o", output, "--size", "100x30")
    let first = try String(contentsOfFile: output, encoding: .utf8)
    _ = try Folioscope.output("record", "anon-to-device", "-o", output, "--size", "100x30")
    #expect(try String(contentsOfFile: output, encoding: .utf8) == first)
    let lines = first.split(separator: "\n").map(String.init)
    #expect(lines[0].hasPrefix("{\"version\":2,\"width\":100,\"height\":30,\"title\":\"folioscope: "))
    #expect(lines[0].hasSuffix("\"env\":{\"TERM\":\"xterm-256color\"}}"))
    // One chapter per phase run of the (single-call) trace, in order, labelled phase · function.
    let trace = try JSONSerialization.jsonObject(with: Data(try Folioscope.output("trace", "anon-to-device", "--json").utf8))
    let steps = ((trace as? [String: Any])?["steps"] as? [[String: Any]]) ?? []
    let phases = steps.compactMap { $0["phase"] as? String }
    let functions = steps.compactMap { $0["function"] as? String }
    let runs = phases.indices.filter { $0 == 0 || phases[$0] != phases[$0 - 1] }
    let expected = runs.map { String(format: "[%.6f, \"m\", \"%@ · %@\"]", Double($0) * 1.5, phases[$0], functions[$0]) }
    #expect(lines.filter { $0.contains("\"m\"") } == expected)
    // A frame per step, 1.5 s apart; frames after the first carry only changed cells.
    let frames = lines.filter { $0.contains("\"o\"") }
    #expect(frames.count == steps.count)
    #expect(frames.last?.hasPrefix(String(format: "[%.6f, ", Double(steps.count - 1) * 1.5)) == true)
    #expect(frames.dropFirst().allSatisfy { $0.count < frames[0].count })
  }

  @Test("A projector recording scrolls a caption too long for its box within the step's time")
  func projectorCaptionsScrollInARecording() throws {
    let scratch = try TemporaryFolder()
    let output = scratch.path("present.cast")
    _ = try Folioscope.output("record", "anon-to-device", "--present", "-o", output, "--size", "80x24")
    let lines = try String(contentsOfFile: output, encoding: .utf8).split(separator: "\n").map(String.init)
    let time = { (line: String) in Double(line.dropFirst().prefix { $0 != "," }) ?? -1 }
    let frames = lines.filter { $0.contains("\"o\"") }
    #expect(frames.count > 20, "more frames than the 20 steps: long captions take two")
    // Step 4's caption ends in its src value, below the box's first page; a second frame half a
    // step later shows it, and step 5 still starts on the 1.5 s beat.
    let times = frames.map(time)
    #expect(times.contains(6.75) && times.contains(7.5), "\(times)")
    #expect(frames.contains { $0.contains("cpages = 1.") })
  }

  @Test func phaseSecondsHoldTheFirstStepOfEachPhaseLonger() throws {
    let scratch = try TemporaryFolder()
    let output = scratch.path("paused.cast")
    _ = try Folioscope.output("record", "anon-to-device", "-o", output, "--size", "100x30", "--step-seconds", "1",
                              "--phase-seconds", "2")
    let lines = try String(contentsOfFile: output, encoding: .utf8).split(separator: "\n").map(String.init)
    let time = { (line: String) in Double(line.dropFirst().prefix { $0 != "," }) ?? -1 }
    let frames = lines.filter { $0.contains("\"o\"") }.map(time)
    let chapters = Set(lines.filter { $0.contains("\"m\"") }.map(time))
    // Each frame follows the one before by a second, plus two after a phase's first frame.
    for (earlier, later) in zip(frames, frames.dropFirst()) {
      #expect(later - earlier == (chapters.contains(earlier) ? 3 : 1), "\(earlier) → \(later)")
    }
    #expect(chapters.count > 3)
  }

  @Test(.enabled(if: ChildProcess.which("asciinema") != nil && ChildProcess.which("tmux") != nil,
                 "asciinema or tmux is not on PATH (pip install asciinema; .ci/run installs both)"))
  func asciinemaPlaysTheRecordingToTheLastRenderedFrame() throws {
    let asciinema = try #require(ChildProcess.which("asciinema"))
    let tmux = try #require(ChildProcess.which("tmux"))
    let scratch = try TemporaryFolder()
    let cast = scratch.path("play.cast")
    _ = try Folioscope.output("record", "mixed-eight", "-o", cast, "--size", "120x40", "--step-seconds", "1")
    let steps = try Folioscope.output("trace", "mixed-eight").split(separator: "\n").filter { $0.hasPrefix(" [") || $0.hasPrefix("✗[") }.count
    // The frame `render` draws, less the key footer (its last line): nobody presses keys in a
    // recording.
    let rendered = try Folioscope.output("render", "mixed-eight", "--step", String(steps - 1), "--size", "120x40")
    #expect(rendered.contains("? help  q quit"))
    let expected = rendered.split(separator: "\n", omittingEmptySubsequences: false).dropLast(2).joined(separator: "\n")
    let socket = "folioscope-record-\(ProcessInfo.processInfo.processIdentifier)"
    try ChildProcess.start(tmux, ["-L", socket, "new-session", "-d", "-x", "120", "-y", "40",
                                  "\(asciinema.path) cat \(cast); sleep 60"])
    defer { try? ChildProcess.start(tmux, ["-L", socket, "kill-server"]) }
    var screen = ""
    for _ in 0..<50 {
      Thread.sleep(forTimeInterval: 0.2)
      screen = try ChildProcess.run(tmux, ["-L", socket, "capture-pane", "-p"]).stdout
      if screen.contains("step \(steps - 1) / \(steps - 1)") { break }
    }
    let trimmed = { (text: String) in
      text.split(separator: "\n", omittingEmptySubsequences: false)
        .map { $0.replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression) }
        .reversed().drop { $0.isEmpty }.reversed().joined(separator: "\n")
    }
    #expect(trimmed(screen) == trimmed(expected))
  }

  /// A recording of 2576 steps stays small (frames are written as differences). How fast it is
  /// made is bench's business (frame_ms), not a test's.
  @Test func bigScenariosRecordSmall() throws {
    let scratch = try TemporaryFolder()
    let output = scratch.path("thp.cast")
    _ = try Folioscope.output("record", "thp-split", "-o", output)
    let size = try FileManager.default.attributesOfItem(atPath: output)[.size] as? Int ?? 0
    #expect(size > 0 && size < 8_000_000, "thp-split.cast is \(size) bytes")
  }

  @Test("A --phases handout shows one frame for a run of steps that fail alike, and says which steps it stands for")
  func phaseHandoutFoldsAlikeFailures() throws {
    let text = try Folioscope.output("handout", "thp-fault-no-system-thp", "--phases", "-o", "-")
    // Slot 0's restore, then slots 1–511 each freeing an unused destination (steps 19–529).
    #expect(text.contains("## Step 18 · finalize · __migrate_device_finalize"))
    #expect(text.contains("## Step 19 · finalize · __migrate_device_finalize"))
    #expect(!text.contains("## Step 20 ·"))
    #expect(text.contains("Steps 20–529 fail the same way, each for its own slot; this frame stands for them"))
  }

  @Test("A --phases handout of a refusal also shows its failed steps; a filter that finds nothing is refused")
  func phaseHandoutKeepsFailures() throws {
    let text = try Folioscope.output("handout", "pinned-at-collect", "--phases", "-o", "-")
    #expect(text.contains("the last step of each phase run, with all the run changed marked, and every failed step"))
    #expect(text.contains("## Step 4 · collect · migrate_vma_collect_pmd"), "the -EBUSY refusal")
    // The collect run's frame is its end, and the run's steps are told one by one.
    #expect(text.contains("**What happens.** The frame is the end of steps 3–5 and marks everything they changed:"))
    #expect(text.contains("\n- Step 4: ") && text.contains("\n- Step 5: "))
    let empty = try Folioscope.run(["handout", "anon-to-device", "--pfn", "0x105", "-o", "-"])
    #expect(empty.status == 64 && empty.stderr.contains("no step of this run is about pfn 0x105."))
  }

  @Test("A recording with --pfn shows one frame per step about the page, each phase a chapter")
  func pageRecordingFollowsOnePage() throws {
    let cast = try Folioscope.output("record", "mixed-eight", "--pfn", "0x100", "-o", "-")
    let events = cast.split(separator: "\n").dropFirst()
    #expect(events.filter { $0.contains("\"o\"") }.count == 5)
    #expect(events.filter { $0.contains("\"m\"") }.map { $0.split(separator: "\"")[3] }
            == ["collect · migrate_vma_collect_pmd", "unmap · migrate_device_unmap", "driver · dmirror_migrate_alloc_and_copy",
                "pages · folio_migrate_mapping", "finalize · __migrate_device_finalize"])
  }

  @Test("A handout with --pfn follows one page: a section per step about it, each linked from the contents")
  func pageHandoutFollowsOnePage() throws {
    let text = try Folioscope.output("handout", "mixed-eight", "--pfn", "0x100", "-o", "-")
    let sections = text.split(separator: "\n").filter { $0.hasPrefix("## Step ") }.map { $0.split(separator: " ")[2] }
    #expect(sections == ["4", "14", "22", "27", "34"])
    #expect(text.contains("this handout shows the steps about pfn 0x100 (5 frames at 100×30)"))
    #expect(text.contains("Made with `folioscope handout mixed-eight --pfn 0x100`."))
    let links = text.matches(of: /\(#(step-\d+)\)/).map { String($0.1) }
    #expect(links == ["step-4", "step-14", "step-22", "step-27", "step-34"])
  }

  @Test(arguments: ["markdown", "text"])
  func phaseHandoutHasAContentsEntryAndASectionPerPhase(format: String) throws {
    let scratch = try TemporaryFolder()
    let output = scratch.path("handout.\(format)")
    // At 90x28, where the explanation pane is too small for one phase's text.
    _ = try Folioscope.output("handout", "anon-to-device", "--phases", "--format", format, "--size", "90x28", "-o", output)
    let text = try String(contentsOfFile: output, encoding: .utf8)
    let sections = text.split(separator: "\n").filter { $0.hasPrefix("## Step ") || $0.hasPrefix("Step ") }
    #expect(sections.count == 10, "one section per phase run")
    #expect(text.contains("What happens. ") || text.contains("**What happens.** "))
    #expect(text.contains("The driver grabs device page 0x800, locks it, and copies the data across."))
    // Paper has no keys, play state or cursor: the frames leave out what only the UI means.
    for chrome in ["←→ step", "paused 1/s", "Move the cursor", "press e"] {
      #expect(!text.contains(chrome), "\(chrome)")
    }
    let long = try Folioscope.output("handout", "mixed-eight", "--phases", "--format", format, "-o", "-")
    #expect(long.contains("the full text follows"), "a cut-short explanation points at the text under the frame")
    if format == "markdown" {
      // Every contents link lands on an anchor.
      let links = text.matches(of: /\(#(step-\d+)\)/).map { String($0.1) }
      #expect(links.count == sections.count)
      #expect(links.allSatisfy { text.contains("<a id=\"\($0)\"></a>") })
      #expect(text.contains("```text\nOne anonymous page moves to device-private memory"))
    }
  }
}
