import FolioScenario

/// A thread asleep in `migration_entry_wait`: it touched an address whose PTE is a migration
/// entry and sleeps on the source folio's PG_locked until the migration unlocks it.
public struct Waiter: Sendable, Hashable {
  public var thread: String
  public var process: String
  public var address: UInt64
  public var write: Bool
  /// The folio (head pfn) whose lock it waits on.
  public var folio: PFN
  /// Asleep in `folio_lock()` to take the lock itself (a scenario's `lock_folio`), rather than
  /// to retry an access.
  public var takesLock: Bool
  public init(thread: String, process: String, address: UInt64, write: Bool, folio: PFN, takesLock: Bool = false) {
    self.thread = thread
    self.process = process
    self.address = address
    self.write = write
    self.folio = folio
    self.takesLock = takesLock
  }
}

/// The whole simulated machine at one moment: every page frame, every process's page tables,
/// the migrate arrays of every call made so far and the threads waiting on folio locks.
public struct Machine: Sendable, Hashable {
  public var kernel: KernelVersion
  /// Fixed when the machine is built (`frames` keeps their bounds to find a pfn's position).
  public let regions: [MemoryRegion]
  public var zeroPfn: PFN
  /// Every pfn of every region, in region order (chunked, so checkpoints share the chunks).
  public var frames: FrameArray
  public var processes: [ProcessState]
  public var calls: [MigrateCall]
  public var waiters: [Waiter]

  public init(kernel: KernelVersion, regions: [MemoryRegion], zeroPfn: PFN, processes: [ProcessState]) {
    self.kernel = kernel
    self.regions = regions
    self.zeroPfn = zeroPfn
    self.processes = processes
    calls = []
    waiters = []
    frames = FrameArray(regions: regions)
  }

  /// A copy whose frames and page tables share no storage with this machine's, made by copying
  /// memory rather than by building the machine again: a second thread that starts from it
  /// writes its own copy in place, and the first, writing this one, never finds a chunk or a
  /// table shared and copies none.
  func unshared() -> Machine {
    var copy = self
    copy.frames = frames.unshared()
    for index in copy.processes.indices { copy.processes[index].ptes = processes[index].ptes.unshared() }
    return copy
  }

  /// The index of `pfn` in `frames`, or nil if no region holds it (e.g. the zero page).
  public func index(of pfn: PFN) -> Int? { frames.position(of: pfn) }

  public func frame(_ pfn: PFN) -> PageFrame? { index(of: pfn).map { frames[$0] } }

  /// The head page of the folio containing `pfn` (where folio-wide state lives).
  public func folio(of pfn: PFN) -> PageFrame? { frame(pfn).flatMap { frame($0.head) } }

  public func region(of pfn: PFN) -> MemoryRegion? { regions.first { $0.range.contains(pfn) } }

  /// The pgmap owner (the device's name) of a ZONE_DEVICE frame; nil for system RAM.
  public func owner(of frame: PageFrame) -> String? {
    frame.zone.isDevice && Int(frame.region) < regions.count ? regions[Int(frame.region)].name : nil
  }

  public func processIndex(named name: String) -> Int? { processes.firstIndex { $0.name == name } }
}
