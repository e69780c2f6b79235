/// `enum migrate_vma_direction`: which kinds of source pages `migrate_vma_setup` selects.
public struct MigrateSelect: OptionSet, Sendable, Hashable {
  public let rawValue: Int
  public init(rawValue: Int) { self.rawValue = rawValue }
  /// `MIGRATE_VMA_SELECT_SYSTEM` (1): system RAM pages, holes and the zero page.
  public static let system = MigrateSelect(rawValue: 1 << 0)
  /// `MIGRATE_VMA_SELECT_DEVICE_PRIVATE` (2): device-private entries of the owner.
  public static let devicePrivate = MigrateSelect(rawValue: 1 << 1)
  /// `MIGRATE_VMA_SELECT_DEVICE_COHERENT` (4): present device-coherent pages of the owner.
  public static let deviceCoherent = MigrateSelect(rawValue: 1 << 2)
  /// `MIGRATE_VMA_SELECT_COMPOUND` (8, v7.0): PMD THPs and 2 MiB holes as one compound entry.
  public static let compound = MigrateSelect(rawValue: 1 << 3)

  /// The names used in scenario files, in bit order.
  public static let names: [(String, MigrateSelect)] = [
    ("system", .system), ("device_private", .devicePrivate), ("device_coherent", .deviceCoherent),
    ("compound", .compound),
  ]
}

/// One thing the scenario's driver (or the CPU) does; calls run in order.
public enum CallSpec: Sendable, Hashable {
  /// The `struct migrate_vma` sequence: setup, driver alloc+copy, `migrate_vma_pages`, finalize.
  case migrateVMA(MigrateVMACall)
  /// `migrate_device_range(src, start_pfn, npages)`, then the driver's copy, pages and finalize.
  case migrateDeviceRange(startPfn: UInt64, pages: Int, driver: DriverSpec)
  /// `migrate_device_pfns(src, npages)` over arbitrary device pfns.
  case migrateDevicePfns(pfns: [UInt64], driver: DriverSpec)
  /// `migrate_device_coherent_folio(folio)`: a long-term GUP pin moves a coherent page to RAM.
  case migrateDeviceCoherentFolio(pfn: UInt64)
  /// A CPU access at `address` in `process`: on a device-private entry this is `do_swap_page` →
  /// `migrate_to_ram` (the dmirror driver's `dmirror_devmem_fault`).
  case cpuFault(process: String, address: UInt64, write: Bool, driver: DriverSpec)
}

/// Arguments of a `migrate_vma_setup` call.
public struct MigrateVMACall: Sendable, Hashable {
  public var process: String
  public var start: UInt64
  public var end: UInt64
  public var select: MigrateSelect
  /// `pgmap_owner`: the name of the device whose pages count as "ours".
  public var owner: String?
  /// `fault_page` (only for `migrate_to_ram`): a device-private pfn.
  public var faultPage: UInt64?
  /// For the -EINVAL cases: pass a NULL `src` or `dst` array.
  public var nullSrc: Bool
  public var nullDst: Bool
  public var driver: DriverSpec

  public init(
    process: String, start: UInt64, end: UInt64, select: MigrateSelect = .system, owner: String? = nil,
    faultPage: UInt64? = nil, nullSrc: Bool = false, nullDst: Bool = false, driver: DriverSpec = DriverSpec()
  ) {
    self.process = process
    self.start = start
    self.end = end
    self.select = select
    self.owner = owner
    self.faultPage = faultPage
    self.nullSrc = nullSrc
    self.nullDst = nullDst
    self.driver = driver
  }
}

/// How the driver behaves between setup and `migrate_vma_pages` (dmirror-like by default:
/// allocate a destination for every MIGRATE entry, copy W from src).
public struct DriverSpec: Sendable, Hashable {
  /// Slots whose `dst` the driver leaves 0 on purpose.
  public var decline: [Int]
  /// Slots where allocating a destination fails (dst stays 0).
  public var failAlloc: [Int]
  /// An order-9 destination cannot be had (dmirror `FAIL_ALLOC`): fall back to 512 small pages.
  public var failCompoundAlloc: Bool
  /// Explicit destination pfns by slot (otherwise taken from the free list in pfn order).
  public var dst: [Int: UInt64]
  /// Where destinations come from: a device name, or "system". Nil: the owner's device when
  /// migrating to the device, system RAM when migrating back.
  public var allocateFrom: String?
  /// Slots of small pages whose destination the driver marks MIGRATE_PFN_COMPOUND anyway: a
  /// driver bug that `__migrate_device_pages` rejects (spec caveat C1). v6.19+ only; a hole's
  /// destination is never marked.
  public var markCompound: [Int]

  public init(
    decline: [Int] = [], failAlloc: [Int] = [], failCompoundAlloc: Bool = false, dst: [Int: UInt64] = [:],
    allocateFrom: String? = nil, markCompound: [Int] = []
  ) {
    self.decline = decline
    self.failAlloc = failAlloc
    self.failCompoundAlloc = failCompoundAlloc
    self.dst = dst
    self.allocateFrom = allocateFrom
    self.markCompound = markCompound
  }
}
