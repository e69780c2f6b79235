import FolioModel
import FolioScenario
import TerminalCanvas
import Testing

@testable import FolioViews

/// Screens of real engine runs: the built-in mixed-eight (spec §8.1's eight slots, one per
/// outcome) through `Simulation.run`, under both kernel versions.
@Suite struct EngineScreenTests {
  // The built-in library ships with the package; failing to load it is a broken build.
  static let mixedEight = try! BuiltinScenarios.load("mixed-eight")

  static let v7 = Simulation.run(mixedEight, kernel: .v7_0)
  static let v68 = Simulation.run(mixedEight, kernel: .v6_8)

  @Test func theEngineRunHasPhasesAndAFailure() {
    #expect(Self.v7.count > 10)
    #expect(Self.v7.steps.contains { $0.failed })
    #expect(Self.v7.violations.isEmpty)
  }

  @Test(arguments: [(80, 24), (120, 40)])
  func phaseStartScreens(width: Int, height: Int) throws {
    var viewer = Viewer(timeline: Self.v7, size: Size(width: width, height: height)) {
      $0 == .v6_8 ? Self.v68 : nil
    }
    var phase = 0
    while viewer.index < viewer.lastIndex {
      try Golden.expect(viewer.render(), named: "mixed-eight-\(width)x\(height)-phase\(phase)")
      _ = viewer.handle(.key(.pageDown))
      phase += 1
    }
    try Golden.expect(viewer.render(), named: "mixed-eight-\(width)x\(height)-end")
  }

  @Test func everyStepRendersAndStepsBackExactly() {
    var viewer = Viewer(timeline: Self.v7, size: Size(width: 120, height: 40))
    var screens = [viewer.render()]
    while viewer.index < viewer.lastIndex {
      _ = viewer.handle(.key(.right))
      screens.append(viewer.render())
    }
    while viewer.index > 0 {
      _ = viewer.handle(.key(.left))
      #expect(viewer.render() == screens[viewer.index])
    }
  }

  @Test func kernelSwitchLandsOnTheSamePhase() {
    var viewer = Viewer(timeline: Self.v7, size: Size(width: 120, height: 40)) {
      $0 == .v6_8 ? Self.v68 : nil
    }
    while viewer.step.phase != .unmap && viewer.index < viewer.lastIndex {
      _ = viewer.handle(.key(.pageDown))
    }
    #expect(viewer.step.phase == .unmap)
    _ = viewer.handle(.key(.character("k")))
    #expect(viewer.timeline.kernel == .v6_8)
    #expect(viewer.step.phase == .unmap)
    #expect(Self.v68.phaseStarts.contains(viewer.index))
  }
}
