/// Checks that a scenario describes a machine state the kernel could be in and calls it could
/// make: folios inside memory and aligned, page tables that fit their VMAs and name real pages of
/// the right zone, names that exist, references that never go negative, expectations of the
/// right size. Everything found is reported, each with the field path it concerns.
public enum ScenarioValidator {
  /// Loads the file and returns every diagnostic (syntax, shape and meaning); empty when clean.
  /// A file is valid when none of them is an error.
  public static func validate(path: String) -> [Diagnostic] {
    ScenarioLoader.parse(path: path).diagnostics
  }

  /// Checks a scenario built in code; diagnostics point at 1:1 of `file`.
  public static func validate(_ scenario: Scenario, file: String = "<scenario>") -> [Diagnostic] {
    validate(scenario, file: file, sourceMap: SourceMap())
  }

  static func validate(_ scenario: Scenario, file: String, sourceMap: SourceMap) -> [Diagnostic] {
    let run = ValidationRun(scenario: scenario, file: file, sourceMap: sourceMap)
    run.checkGroup()
    run.checkTitles()
    run.checkMemory()
    run.checkFolios()
    run.checkProcesses()
    run.checkFoliosAreReferenced()
    run.checkSharedAnonPagesAreReadOnly()
    run.checkDeviceExclusivePagesAreMappedOnce()
    run.checkVMAsMapTheirKindOfPage()
    run.checkCalls()
    run.checkEvents()
    run.checkExpectations()
    return run.diagnostics
  }
}

/// Limits that keep a scenario small enough to simulate and draw.
public enum ScenarioLimits {
  /// The most pages in a memory range, a VMA or a migrate call (256 MiB of 4 KiB pages).
  public static let maxPages = 65536
  /// The most extra references or pins on one folio.
  public static let maxReferences = 1 << 20
  /// Folio orders the kernel's migrate_device code handles: 0 (a page) … 9 (a PMD-sized THP).
  public static let orders = 0...9
  public static let pageSize: UInt64 = 4096
  /// Pages behind one PMD (`HPAGE_PMD_NR`).
  public static let pmdPages = 512
  /// Pfns end below this: physical addresses have at most 52 bits.
  public static let pfnLimit: UInt64 = 1 << 40
  /// User addresses end here: TASK_SIZE with 5-level page tables (x86-64 LA57).
  public static let addressLimit: UInt64 = 1 << 56 - 4096
  /// The most processes, and devices, a scenario may have.
  public static let maxProcesses = 4096
  public static let maxDevices = 255
  /// The most slots all calls together may have: a run records a few hundred bytes a slot.
  public static let maxSlotsInAll = 4 * maxPages
}

/// One validation pass: the scenario, indexes built from it, and the diagnostics so far.
final class ValidationRun {
  let scenario: Scenario
  let file: String
  let sourceMap: SourceMap
  private(set) var diagnostics: [Diagnostic] = []
  /// Filled by `checkMemory`: the valid memory ranges, for zone lookups.
  var memory = MemoryIndex(ranges: [])
  /// Filled by `checkFolios`: the valid folios, for pfn lookups.
  var folios = FolioIndex(folios: [])
  /// Filled by `checkFolios`: folios that overlap another (already an error), which later
  /// checks leave alone.
  var overlappingFolios: Set<Int> = []
  /// Filled by `checkCalls`: the migrate_vma calls whose setup returns -EINVAL, by index, with
  /// why (the driver stops there, so their later event points never come).
  var refusedAtSetup: [Int: String] = [:]
  /// Filled by `checkCalls`: the migrate_vma calls to RAM whose v7.0 driver gives up at a
  /// failed allocation (when its slot is still MIGRATE) and finalizes without migrate_vma_pages.
  var givesUpInDriver: Set<Int> = []

  init(scenario: Scenario, file: String, sourceMap: SourceMap) {
    self.scenario = scenario
    self.file = file
    self.sourceMap = sourceMap
  }

  func error(_ path: String, _ message: String) { report(.error, path, message) }
  func warning(_ path: String, _ message: String) { report(.warning, path, message) }

  private func report(_ severity: Diagnostic.Severity, _ path: String, _ message: String) {
    let position = sourceMap.position(of: path)
    diagnostics.append(Diagnostic(severity, file: file, line: position.line, column: position.column, message: "\(path): \(message)"))
  }

  /// Warns of a group `list` does not know: it would sort the scenario among "other".
  func checkGroup() {
    let known = Scenario.libraryGroups
    guard !scenario.group.isEmpty, !known.contains(scenario.group) else { return }
    warning("group", "'\(scenario.group)' is not a library group (known: \(known.joined(separator: ", ")))"
      + Suggestion.hint(for: scenario.group, among: known))
  }

  /// Warns of a `titles` entry for the scenario's own kernel: `title` is the one shown there.
  func checkTitles() {
    guard scenario.titles[scenario.kernel] != nil else { return }
    let own = scenario.kernel.rawValue
    warning("titles.\(own)", "\(own) is the scenario's own kernel, which shows 'title'; this title is never shown "
      + "(titles are for the other kernels)")
  }

  /// Reports a name that is not among `known` (with a suggestion); true when it is known.
  @discardableResult
  func checkName(_ name: String, _ path: String, kind: String, known: [String]) -> Bool {
    if known.contains(name) { return true }
    let listed = known.isEmpty ? "there are none" : "known: " + known.joined(separator: ", ")
    error(path, "no \(kind) named '\(name)' (\(listed))\(Suggestion.hint(for: name, among: known))")
    return false
  }
}

/// `0x1f`: how pfns and addresses appear in messages.
func hex(_ value: UInt64) -> String { "0x" + String(value, radix: 16) }
