import FolioModel
import FolioScenario
import TerminalCanvas
import Testing

@testable import FolioViews

/// Screens of real engine runs: spec §8.1's eight slots (one per outcome) through
/// `Simulation.run`, under both kernel versions. Until the built-in library lands the scenario
/// is written here.
@Suite struct EngineScreenTests {
  static let start: UInt64 = 0x7f00_0000_0000

  static let mixedEight = Scenario(
    name: "mixed-eight", title: "Eight slots, eight outcomes",
    memory: MemoryLayout(
      system: PfnRange(start: 0x100, count: 32),
      devices: [
        DeviceSpec(name: "DEV0", type: .devicePrivate, range: PfnRange(start: 0x800, count: 16)),
        DeviceSpec(name: "DEV1", type: .devicePrivate, range: PfnRange(start: 0x900, count: 16)),
      ]),
    folios: [
      FolioSpec(pfn: 0x100), FolioSpec(pfn: 0x103, pins: 1), FolioSpec(pfn: 0x104, extraRefs: 1),
      FolioSpec(pfn: 0x105, lockedByOther: true), FolioSpec(pfn: 0x107), FolioSpec(pfn: 0x900),
    ],
    processes: [
      ProcessSpec(
        name: "A",
        vmas: [
          VMASpec(
            start: start, pages: 8,
            mappings: [
              MappingSpec(
                page: 0, entry: .present, pfn: 0x100, write: true, dirty: true, young: true),
              MappingSpec(page: 2, entry: .zero),
              MappingSpec(page: 3, entry: .present, pfn: 0x103, write: true),
              MappingSpec(
                page: 4, entry: .present, pfn: 0x104, write: true, dirty: true, young: true),
              MappingSpec(page: 5, entry: .present, pfn: 0x105),
              MappingSpec(page: 6, entry: .devicePrivate, pfn: 0x900, write: true),
              MappingSpec(page: 7, entry: .present, pfn: 0x107, write: true),
            ])
        ])
    ],
    calls: [
      .migrateVMA(
        MigrateVMACall(
          process: "A", start: start, end: start + 8 * 4096, select: .system, owner: "DEV0",
          driver: DriverSpec(decline: [7])))
    ],
    narration: Narration(phases: ["unmap": "Pinned and extra-referenced pages are given back here."]
    ))

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
