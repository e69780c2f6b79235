import Testing

@testable import FolioScenario

/// Driver settings that contradict each other are warned about, saying what the run does.
@Suite struct DriverContradictionTests {
  func diagnostics(driver: String) -> [String] {
    let yaml = Fixtures.minimal.replacingOccurrences(of: "owner: DEV0}", with: "owner: DEV0, driver: \(driver)}")
    return ScenarioLoader.parse(yaml: yaml, file: "t.yaml").diagnostics.map(\.description)
  }

  @Test("One device page as the destination of two slots")
  func theSameDestinationTwice() {
    #expect(diagnostics(driver: "{dst: {0: 0x801, 1: 0x801}}") == [
      "t.yaml:15:105: warning: calls[0].migrate_vma.driver.dst[1]: 0x801 is also the destination of slot 0; slot 1 finds "
        + "it taken at run time and gets no page"
    ])
    #expect(diagnostics(driver: "{dst: {0: 0x801, 1: 0x802}}") == [])
    #expect(diagnostics(driver: "{decline: [0], dst: {1: 0x801, 2: 0x801}}").count == 1, "a declined slot takes no page")
  }

  @Test("A declined slot with a destination: decline wins")
  func aDeclinedSlotWithADestination() {
    #expect(diagnostics(driver: "{decline: [0], dst: {0: 0x801}}") == [
      "t.yaml:15:109: warning: calls[0].migrate_vma.driver.dst[0]: slot 0 is also in decline; decline wins at run time: "
        + "the driver leaves dst[0] = 0 and never uses 0x801"
    ])
    #expect(diagnostics(driver: "{fail_alloc: [0], dst: {0: 0x801}}") == [
      "t.yaml:15:112: warning: calls[0].migrate_vma.driver.dst[0]: slot 0 is also in fail_alloc; its allocation fails at "
        + "run time and 0x801 is never used"
    ])
  }
}
