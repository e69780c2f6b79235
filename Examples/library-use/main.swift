// The example a driver developer copies: describe a small machine and one migrate_vma call in
// Swift, run it through the model of mm/migrate_device.c, and print what happened.
//
//   swift run library-use
//
// The scenario is the spec's S1, S2 and S16 side by side (Examples/scenarios/ has each of them
// as a commented YAML handout): one dirty anonymous page, one hole, and one page the driver
// declines. The expected outcome, from the kernel's rules:
//
//   slot 0  src 0x400b (V|M|W)  dst 0x20009  → DEVICE_PRIVATE{0x800, W}
//   slot 1  src 0x2    (M)      dst 0x20041  → DEVICE_PRIVATE{0x801, W}, set in migrate_vma_pages
//   slot 2  src 0x4089 (V|W)    dst 0        → declined: PRESENT{0x102, W} restored

import FolioModel
import FolioScenario

/// The first virtual address of process A's VMA.
let vmaStart: UInt64 = 0x7f00_0000_0000

// Physical memory: 16 system pages from pfn 0x100, and 16 device-private pages of "DEV0" from
// 0x800 (the name doubles as the pgmap owner cookie).
let memory = PhysicalMemory(
  system: PfnRange(start: 0x100, count: 16),
  devices: [DeviceSpec(name: "DEV0", type: .devicePrivate, range: PfnRange(start: 0x800, count: 16))]
)

// The folios that exist at the start. Refcounts are derived from the mappings below: one each.
let folios = [
  FolioSpec(pfn: 0x100),
  FolioSpec(pfn: 0x102),
]

// Process A: one private anonymous read-write VMA of four pages. Page 1 is left unmapped (a
// hole) and so is page 3, which the call below does not cover.
let processA = ProcessSpec(name: "A", vmas: [
  VMASpec(start: vmaStart, pages: 4, mappings: [
    MappingSpec(page: 0, entry: .present, pfn: 0x100, write: true, dirty: true, young: true),
    MappingSpec(page: 2, entry: .present, pfn: 0x102, write: true, dirty: true, young: true),
  ])
])

// The driver's call: the first three pages, system memory only, as DEV0. The driver behaves
// like the kernel's test driver (lib/test_hmm.c), except that it declines slot 2.
let call = MigrateVMACall(
  process: "A", start: vmaStart, end: vmaStart + 3 * 4096, select: .system, owner: "DEV0",
  driver: DriverSpec(decline: [2])
)

let scenario = Scenario(
  name: "library-use", title: "A page, a hole and a declined page",
  summary: "S1, S2 and S16 in one call.", group: "happy-path", kernel: .v7_0,
  memory: memory, folios: folios, processes: [processA], calls: [.migrateVMA(call)]
)

// Every step is computed up front; the timeline can be read forwards or backwards.
let timeline = Simulation.run(scenario)

print("\(scenario.title) — \(timeline.count) steps under \(timeline.kernel.rawValue)")
for step in timeline.steps {
  print("  [\(step.phase.rawValue)] \(step.function): \(step.text)")
}

// The final machine holds the arrays of every call made, in order.
if let result = timeline.final.calls.first {
  print("setup returned \(result.setupResult.map(String.init) ?? "nothing"), cpages = \(result.cpages)")
  print(["slot", "src", "flags", "dst", "flags"].map { $0.padded(to: 8) }.joined(separator: " "))
  for slot in result.src.indices {
    let src = result.src[slot]
    let dst = slot < result.dst.count ? result.dst[slot] : 0
    let columns = [
      String(slot), MigratePFN.hex(src), MigratePFN.letters(src), MigratePFN.hex(dst), MigratePFN.letters(dst),
    ]
    print(columns.map { $0.padded(to: 8) }.joined(separator: " "))
  }
} else {
  print("The simulation recorded no call yet.")
}
for violation in timeline.violations {
  print("invariant violated: \(violation)")
}

extension String {
  /// The string padded with spaces on the right to at least `length` characters.
  func padded(to length: Int) -> String {
    count >= length ? self : self + String(repeating: " ", count: length - count)
  }
}
