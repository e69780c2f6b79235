import Testing

@testable import FolioScenario

@Suite struct LoaderTests {
  @Test func fullFixtureLoadsEveryKey() throws {
    let result = ScenarioLoader.parse(yaml: Fixtures.full, file: "full.yaml")
    #expect(result.diagnostics.map(\.description) == [])
    let scenario = try #require(result.scenario)
    #expect(scenario.name == "full-example")
    #expect(scenario.title == "Every key once")
    #expect(scenario.title(under: .v7_0) == "Every key once")
    #expect(scenario.title(under: .v6_8) == "Every key once, under v6.8")
    #expect(scenario.group == "happy-path")
    #expect(scenario.kernel == .v7_0)
    #expect(scenario.description.hasPrefix("Several sentences & a *star*"))
    #expect(scenario.memory.system == PfnRange(start: 0x100, count: 16))
    #expect(scenario.memory.devices.map(\.type) == [.devicePrivate, .deviceCoherent])
    #expect(scenario.folios[0] == FolioSpec(pfn: 0x100, dirty: true, extraRefs: 1, content: 0xa100))
    #expect(scenario.folios[1].order == 2)
    #expect(scenario.folios[2].backing == .file)
    let vmas = scenario.processes[0].vmas
    #expect(vmas[0].mappings[0] == MappingSpec(page: 0, entry: .present, pfn: 0x100, write: true, dirty: true, young: true))
    #expect(vmas[0].mappings[4].softDirty)
    #expect(vmas[1].kind == .file && vmas[1].readable && !vmas[1].writable && vmas[1].special == [.io])
    let driver = DriverSpec(decline: [7], failAlloc: [1], dst: [0: 0x803], allocateFrom: "DEV0", markCompound: [2])
    let first = MigrateVMACall(
      process: "A", start: 0x7f00_0000_0000, end: 0x7f00_0000_8000, select: [.system, .deviceCoherent], owner: "DEV0",
      driver: driver)
    #expect(scenario.calls[0] == .migrateVMA(first))
    #expect(scenario.calls[2] == .migrateDevicePfns(pfns: [0x808, 0x809], driver: DriverSpec()))
    #expect(scenario.calls[4] == .cpuFault(process: "A", address: 0x7f00_0000_6000, write: true, driver: DriverSpec()))
    if case .migrateVMA(let last) = scenario.calls[5] {
      #expect(last.end == 0x7f00_0000_7000 && last.faultPage == 0x808 && last.select == .devicePrivate)
    } else {
      Issue.record("calls[5] is not a migrate_vma")
    }
    #expect(scenario.events[1] == EventSpec(call: 0, at: .beforePages, action: .lockFolio(pfn: 0x105)))
    #expect(scenario.narration.steps == [3: "Step three."])
    #expect(scenario.expectations[.v7_0]?.calls[0].cpages == 1)
    #expect(scenario.expectations[.v7_0]?.ptes[0].entry == "device_private")
    #expect(scenario.expectations[.v6_8]?.calls[0].dst.count == 8)
  }

  @Test func nameDefaultsToTheFileStemAndTitleToTheName() throws {
    let scenario = try ScenarioLoader.load(yaml: Fixtures.minimal, file: "dir/anon-to-device.yaml")
    #expect(scenario.name == "anon-to-device")
    #expect(scenario.title == "anon-to-device")
    #expect(scenario.kernel == .v7_0)
  }

  @Test func loadThrowsEveryDiagnostic() {
    let yaml = Fixtures.minimal.replacingOccurrences(of: "{pfn: 0x100}", with: "{pfn: 0x100, ordr: 1, backing: anonn}")
    #expect(throws: ScenarioLoadError.self) { try ScenarioLoader.load(yaml: yaml, file: "f.yaml") }
    do {
      _ = try ScenarioLoader.load(yaml: yaml, file: "f.yaml")
    } catch {
      #expect(error.diagnostics.map(\.description) == [
        "f.yaml:6:18: error: unknown key 'ordr' in folios[0]; did you mean 'order'?",
        "f.yaml:6:36: error: folios[0].backing: expected one of 'anon', 'file', 'shmem', found 'anonn'; did you mean 'anon'?",
      ])
    }
  }
}
