import FolioModel
import FolioScenario

/// Process A's VMA start in every spec scenario.
let vmaStart: UInt64 = 0x7f00_0000_0000

/// The spec's machine: system pfns 0x100…, DEV0 device-private 0x800…, DEV1 0x900….
let specMemory = PhysicalMemory(
  system: PfnRange(start: 0x100, count: 64),
  devices: [
    DeviceSpec(name: "DEV0", type: .devicePrivate, range: PfnRange(start: 0x800, count: 16)),
    DeviceSpec(name: "DEV1", type: .devicePrivate, range: PfnRange(start: 0x900, count: 16)),
  ])

/// A one-process scenario over process A's 8-page anonymous RW VMA, migrating to DEV0.
func specScenario(
  folios: [FolioSpec], mappings: [MappingSpec], pages: Int = 8, select: MigrateSelect = .system,
  driver: DriverSpec = DriverSpec(), events: [EventSpec] = [], writable: Bool = true
) -> Scenario {
  Scenario(
    name: "test", title: "test", memory: specMemory, folios: folios,
    processes: [ProcessSpec(name: "A", vmas: [VMASpec(start: vmaStart, pages: pages, writable: writable, mappings: mappings)])],
    calls: [.migrateVMA(MigrateVMACall(process: "A", start: vmaStart, end: vmaStart + UInt64(pages) * 4096,
                                       select: select, owner: "DEV0", driver: driver))],
    events: events)
}

func address(_ slot: Int) -> UInt64 { vmaStart + UInt64(slot) * 4096 }
