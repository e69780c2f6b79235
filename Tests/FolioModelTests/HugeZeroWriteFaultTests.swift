import FolioModel
import FolioScenario
import Testing

/// A write to a huge zero PMD is a write-protect fault: `do_huge_pmd_wp_page()` (v7.0 maps a
/// new THP through `do_huge_zero_wp_pmd()`, v6.8 splits the PMD and faults at the PTE), which
/// the model does not simulate; a read goes through the PMD without a fault.
@Suite("A write to the huge zero page is a THP write fault, a read is none")
struct HugeZeroWriteFaultTests {
  func scenario(write: Bool) -> Scenario {
    var scenario = thpScenario(select: .system)
    scenario.folios = []
    scenario.processes[0].vmas[0].mappings = [MappingSpec(page: 0, entry: .hugeZeroPMD)]
    scenario.calls = [.cpuFault(process: "A", address: address(5), write: write, driver: DriverSpec())]
    return scenario
  }

  @Test(arguments: [KernelVersion.v7_0, .v6_8])
  func writeIsAWriteProtectFault(kernel: KernelVersion) throws {
    let timeline = Simulation.run(scenario(write: true), kernel: kernel)
    #expect(timeline.violations.isEmpty, "\(timeline.violations)")
    let fault = try #require(timeline.steps.last { $0.phase == .fault })
    #expect(fault.label == "pmd_wp")
    #expect(fault.text.contains(kernel == .v7_0 ? "do_huge_zero_wp_pmd" : "split it"))
    #expect(timeline.final.processes[0].pmd(at: vmaStart) == .hugeZero)
    #expect(timeline.final.processes[0].pte(at: address(5)) == PTE.none)
  }

  @Test func readNeedsNoFault() throws {
    let timeline = Simulation.run(scenario(write: false), kernel: .v7_0)
    #expect(timeline.steps.last { $0.phase == .fault }?.label == "pmd_huge")
    #expect(timeline.final.processes[0].pmd(at: vmaStart) == .hugeZero)
  }
}
