import FolioScenario

/// Where a sleeping thread sleeps, and so where it wakes: the kernel function and the line of
/// its listing.
public enum WaitSite: Sendable, Hashable {
  /// `migration_entry_wait()`: a PTE migration entry; sleeps on the folio's PG_locked.
  case migrationEntry
  /// `pmd_migration_entry_wait()`: a PMD migration entry (a THP being migrated).
  case pmdMigrationEntry
  /// `do_swap_page()` on a device-private entry whose page someone holds locked (v7.0 sleeps).
  case lockedDevicePage
  /// `do_huge_pmd_device_private()` on a locked device THP: it returns and refaults at once,
  /// again and again, shown as one wait.
  case refaultingPMD
  /// v6.8's `do_swap_page()` on a device page someone holds locked: it takes no lock, so each
  /// fault's migrate_to_ram() fails its trylock at collect, moves nothing and returns 0, and
  /// the access faults again at once, again and again (the livelock v6.15's trylock ended),
  /// shown as one wait.
  case refaultingDevicePage
  /// `remove_device_exclusive_entry()` on a locked folio: `folio_lock_or_retry()` waits for
  /// the unlock without taking the lock (holding `folio_try_get()`'s reference), and the fault
  /// is retried.
  case deviceExclusive
  /// `folio_lock()`: a scenario's `lock_folio`, which takes the lock itself when it wakes.
  case folioLock

  /// Whether the thread is not asleep but faulting again and again: it gets on only once the
  /// folio is unlocked and nobody else took the lock first.
  public var refaults: Bool { self == .refaultingPMD || self == .refaultingDevicePage }

  /// Whether the thread sleeps holding a reference of the folio, which it puts when it wakes:
  /// `folio_lock_or_retry()` waits under the reference `folio_try_get()` took. The other sites
  /// sleep without one.
  public var holdsReference: Bool { self == .deviceExclusive }

  public var function: String {
    switch self {
    case .migrationEntry: "migration_entry_wait"
    case .pmdMigrationEntry: "pmd_migration_entry_wait"
    case .lockedDevicePage: "do_swap_page"
    case .refaultingPMD: "do_huge_pmd_device_private"
    case .refaultingDevicePage: "do_swap_page"
    case .deviceExclusive: "remove_device_exclusive_entry"
    case .folioLock: "folio_lock"
    }
  }
}

/// A thread asleep until a folio is unlocked: one that touched an address whose entry is a
/// migration entry (or a locked device page), or a scenario's other thread in `folio_lock()`.
public struct Waiter: Sendable, Hashable {
  public var thread: String
  public var process: String
  public var address: UInt64
  public var write: Bool
  /// The folio (head pfn) whose lock it waits on.
  public var folio: PFN
  public var site: WaitSite
  /// Asleep in `folio_lock()` to take the lock itself (a scenario's `lock_folio`), rather than
  /// to retry an access.
  public var takesLock: Bool { site == .folioLock }
  public init(thread: String, process: String, address: UInt64, write: Bool, folio: PFN, site: WaitSite) {
    self.thread = thread
    self.process = process
    self.address = address
    self.write = write
    self.folio = folio
    self.site = site
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
