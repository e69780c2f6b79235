import FolioModel
import TerminalCanvas
import Testing

@testable import FolioViews

/// Autoplay for lectures: speeds in steps per second, pauses at phase boundaries, clicker keys.
@Suite struct PlaybackTests {
  static let timeline = Fixtures.timeline()
  static let starts = timeline.phaseStarts

  static func viewer(pauseAtPhases: Bool = true) -> Viewer {
    var viewer = Viewer(timeline: timeline, size: Size(width: 120, height: 40))
    viewer.pauseAtPhases = pauseAtPhases
    return viewer
  }

  /// Ticks until playback stops (or `limit` ticks pass) and returns how many it took.
  @discardableResult
  static func tickUntilPaused(_ viewer: inout Viewer, limit: Int = 10_000) -> Int {
    var ticks = 0
    while viewer.playing && ticks < limit {
      _ = viewer.handle(.tick)
      ticks += 1
    }
    return ticks
  }

  /// Waiting at a phase for the clicker, the header says what resumes it, not "paused 1/s".
  @Test func theHeaderSaysPgDnResumesWhileWaitingAtAPhase() {
    var viewer = Self.viewer()
    #expect(viewer.render().textLines()[0].hasSuffix("PgDn resumes  step 0 / \(Self.timeline.count - 1)"))
    viewer.play()
    #expect(viewer.render().textLines()[0].contains("playing 1/s"))
    #expect(Self.viewer(pauseAtPhases: false).render().textLines()[0].contains("paused 1/s"))
  }

  @Test(arguments: [1.0, 5, 50, 200])
  func playbackStopsOnEveryPhaseStartAtAnySpeed(speed: Double) {
    var viewer = Self.viewer()
    viewer.set(stepsPerSecond: speed)
    var stops: [Int] = []
    viewer.play()
    while viewer.playing {
      Self.tickUntilPaused(&viewer)
      stops.append(viewer.index)
      _ = viewer.handle(.key(.pageDown))  // the clicker resumes
    }
    #expect(stops == Array(Self.starts.dropFirst()))
    #expect(viewer.index == viewer.lastIndex)
  }

  @Test("Space on the last step says how to start again; a run opening on a phase start can wait there")
  func playingOnTheLastStep() {
    var viewer = Self.viewer()
    #expect(viewer.opensOnPhaseStart, "step 0 starts the start phase")
    viewer.show(step: viewer.lastIndex)
    _ = viewer.handle(.key(.character(" ")))
    #expect(!viewer.playing)
    #expect(viewer.notice == "This is the last step: Home goes back to the start.")
  }

  @Test func withoutPausesPlaybackRunsToTheEnd() {
    var viewer = Self.viewer(pauseAtPhases: false)
    viewer.play()
    let ticks = Self.tickUntilPaused(&viewer)
    #expect(viewer.index == viewer.lastIndex)
    #expect(ticks == viewer.lastIndex * 10)
  }

  @Test func fractionalSpeedsAdvanceOnExactTicks() {
    var viewer = Self.viewer(pauseAtPhases: false)
    viewer.set(stepsPerSecond: 1.5)
    viewer.play()
    for _ in 0..<20 { _ = viewer.handle(.tick) }
    #expect(viewer.index == 3)
    #expect(viewer.speedLabel == "1.5")
    _ = viewer.handle(.key(.character("+")))
    #expect(viewer.stepsPerSecond == 2)
    _ = viewer.handle(.key(.character("-")))
    _ = viewer.handle(.key(.character("-")))
    #expect(viewer.speedLabel == "0.5")
    viewer.set(stepsPerSecond: 1e9)
    #expect(viewer.stepsPerSecond == Viewer.speedRange.upperBound)
  }

  @Test func clickerSkipsWhilePlayingAndGoesBackAPhase() {
    var viewer = Self.viewer()
    let collect = Self.starts[2]
    viewer.show(step: collect + 2)
    _ = viewer.handle(.key(.pageDown))
    #expect(viewer.playing)
    _ = viewer.handle(.key(.pageDown))
    #expect(!viewer.playing)
    #expect(viewer.index == Self.starts[3])
    _ = viewer.handle(.key(.character("b")))
    #expect(viewer.index == collect)
    _ = viewer.handle(.key(.pageUp))
    #expect(viewer.index == Self.starts[1])
    _ = viewer.handle(.key(.character(" ")))
    #expect(viewer.playing)
    _ = viewer.handle(.key(.character(" ")))
    #expect(!viewer.playing)
  }

  @Test func bGoesBackAPhaseOutsideTalkModeToo() {
    var viewer = Self.viewer(pauseAtPhases: false)
    viewer.show(step: Self.starts[3] + 1)
    _ = viewer.handle(.key(.character("b")))
    #expect(viewer.index == Self.starts[3])
  }

  @Test func playOnTheLastStepDoesNotStart() {
    var viewer = Self.viewer()
    viewer.show(step: viewer.lastIndex)
    viewer.play()
    #expect(!viewer.playing)
    #expect(viewer.render().textLines()[0].contains("paused 1/s"))
  }
}
