import FolioModel
import FolioScenario
import TerminalCanvas
import Testing

@testable import FolioViews

/// A thread asleep in migration_entry_wait is visible while it sleeps: on the page-table entry
/// it faulted on, and in the explanation.
@Suite struct WaiterDisplayTests {
  @Test func theSleepingThreadIsShownUntilItWakes() throws {
    let timeline = Simulation.run(try BuiltinScenarios.load("touch-during-migration"))
    let wait = try #require(timeline.steps.first { $0.function == "migration_entry_wait" && $0.label == "wait" })
    let wake = try #require(timeline.steps.first { $0.function == "migration_entry_wait" && $0.label == "wake" })
    var viewer = Viewer(timeline: timeline, size: Size(width: 120, height: 40))
    viewer.show(step: wait.index + 1)
    let asleep = viewer.render().textLines()
    #expect(asleep.contains { $0.contains("0x7f0000000000 migration-w") && $0.contains("T2 waits") })
    #expect(asleep.contains { $0.contains("T2 (A, read of 0x7f0000000000) sleeps on PG_locked") })
    viewer.show(step: wake.index)
    #expect(!viewer.render().textLines().contains { $0.contains("T2 waits") })
  }
}
