/// How long the parts of a run took, for `folioscope bench`: building the machine of step 0,
/// recording every call's steps (the engine's thread, including any wait for a checker too far
/// behind), and waiting after the last step for the invariant checker to catch up and compare
/// its replayed machine with the engine's.
public struct RunTimings: Sendable {
  public var buildMilliseconds = 0.0
  public var recordMilliseconds = 0.0
  public var checkWaitMilliseconds = 0.0
}

extension Duration {
  /// The duration in milliseconds.
  public var milliseconds: Double { Double(components.seconds) * 1e3 + Double(components.attoseconds) / 1e15 }
}
