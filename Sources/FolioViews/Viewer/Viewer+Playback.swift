extension Viewer {
  /// The slowest and fastest speeds `--speed` accepts, in steps per second.
  public static let speedRange = 0.1...1000.0

  /// Sets the playback speed (`--speed`), clamped to `speedRange`.
  public mutating func set(stepsPerSecond speed: Double) {
    guard speed.isFinite else { return }
    stepsPerSecond = min(max(speed, Self.speedRange.lowerBound), Self.speedRange.upperBound)
  }

  /// Starts playing from the step shown (`--play`, Space); on the last step there is nothing
  /// to play, and the footer says how to start again.
  public mutating func play() {
    playing = index < lastIndex
    playProgress = 0
    if !playing { notice = "This is the last step: Home goes back to the start." }
  }

  /// The speed as the header shows it, to two decimals at most: "0.5", "0.67", "1", "20".
  public var speedLabel: String {
    let hundredths = Int((stepsPerSecond * 100).rounded())
    var fraction = String(hundredths % 100)
    if fraction.count < 2 { fraction = "0" + fraction }
    while fraction.last == "0" { fraction.removeLast() }
    return String(hundredths / 100) + (fraction.isEmpty ? "" : "." + fraction)
  }

  /// The first step of the next phase run (the last step when there is none).
  var nextPhaseStart: Int { summary.phaseStarts.first { $0 > index } ?? lastIndex }

  /// The first step of the phase run before the current step's (step 0 when there is none).
  var previousPhaseStart: Int { summary.phaseStarts.last { $0 < index } ?? 0 }

  /// Whether the step shown is the first of its phase run.
  public var opensOnPhaseStart: Bool { isPhaseStart(index) }

  /// Whether `step` is the first of its phase run.
  func isPhaseStart(_ step: Int) -> Bool {
    summary.phaseStarts.isEmpty
      ? step == 0 : summary.phaseStarts[summary.run(containing: step)] == step
  }

  mutating func togglePlaying() {
    if playing { pause() } else { play() }
  }

  mutating func pause() {
    playing = false
    playProgress = 0
  }

  /// One tick (100 ms) of playback: plays the steps now due, one at a time, so a phase boundary
  /// or the end stops it exactly even when one tick plays several steps.
  mutating func advancePlayback() {
    guard playing else { return }
    playProgress += Int((stepsPerSecond * Double(Self.tickMilliseconds)).rounded())
    while playing && playProgress >= 1000 {
      playProgress -= 1000
      go(to: index + 1)
      if index == lastIndex || (pauseAtPhases && isPhaseStart(index)) { pause() }
    }
  }

  /// `+` / `-`: the next speed level above or below the current speed.
  mutating func changeSpeed(faster: Bool) {
    let next =
      faster ? Self.speeds.first { $0 > stepsPerSecond } : Self.speeds.last { $0 < stepsPerSecond }
    if let next { stepsPerSecond = next }
  }

  /// Paused, pausing at phases, with steps left: the clicker's PgDn resumes (the header says so).
  var waitingForClick: Bool { pauseAtPhases && !playing && index < lastIndex }

  /// A clicker's "next" (PgDn) while pausing at phases: resume a paused demo; while playing,
  /// skip to the next phase boundary and wait there.
  mutating func clickForward() {
    if playing {
      go(to: nextPhaseStart)
      pause()
    } else {
      play()
    }
  }

  /// A clicker's "back" (PgUp, `b`) while pausing at phases: back to the start of this phase
  /// run (or of the one before, when already there), paused, ready to play it again.
  mutating func clickBack() {
    pause()
    go(
      to: isPhaseStart(index)
        ? previousPhaseStart : summary.phaseStarts[summary.run(containing: index)])
  }
}
