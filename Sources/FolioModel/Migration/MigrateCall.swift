import FolioScenario

/// Which exported API a call went through.
public enum MigrateAPI: String, Sendable, Hashable {
  case migrateVMA = "migrate_vma"
  case migrateDeviceRange = "migrate_device_range"
  case migrateDevicePfns = "migrate_device_pfns"
  case migrateDeviceCoherentFolio = "migrate_device_coherent_folio"

  /// The function's name in `kernel` (v6.8 has `migrate_device_coherent_page`); `rawValue` is
  /// the name `trace --json` uses whatever the kernel.
  public func name(in kernel: KernelVersion) -> String {
    self == .migrateDeviceCoherentFolio && kernel == .v6_8 ? "migrate_device_coherent_page" : rawValue
  }
}

/// The arrays and counters of one migration (`struct migrate_vma`, or the bare `src`/`dst`
/// arrays of the device-pfn API): one `src`/`dst` migrate-pfn per slot.
public struct MigrateCall: Sendable, Hashable {
  public var api: MigrateAPI
  /// The process and virtual start of a `migrate_vma` call; nil for the device-pfn API.
  public var process: String?
  public var start: UInt64?
  public var end: UInt64?
  public var select: MigrateSelect
  public var owner: String?
  public var faultPage: PFN?
  /// Whether the model's own fault handler (a `cpu_fault`) called this migration and holds
  /// do_swap_page's reference on `faultPage`. A hand-written `fault_page` call stands for a
  /// migrate_to_ram whose fault handler is outside the scenario: the folio's `extra_refs` give
  /// that reference.
  public var faultHandlerInModel = false
  /// `migrate_vma_setup`'s return value (0 or -EINVAL = -22); nil until it returns.
  public var setupResult: Int?
  public var cpages: Int
  public var npages: Int
  /// `cpages` where the API has one (`struct migrate_vma`); nil for the device-pfn calls, which
  /// pass bare arrays and count nothing.
  public var migrateVMACpages: Int? { api == .migrateVMA ? cpages : nil }
  /// Chunked, so timeline checkpoints share the slots a stretch of steps did not touch.
  public var src: ChunkedArray<UInt64>
  public var dst: ChunkedArray<UInt64>

  public init(api: MigrateAPI, process: String? = nil, start: UInt64? = nil, end: UInt64? = nil,
              select: MigrateSelect = [], owner: String? = nil, faultPage: PFN? = nil, slots: Int) {
    self.api = api
    self.process = process
    self.start = start
    self.end = end
    self.select = select
    self.owner = owner
    self.faultPage = faultPage
    setupResult = nil
    cpages = 0
    npages = 0
    src = ChunkedArray(repeating: 0, count: slots)
    dst = ChunkedArray(repeating: 0, count: slots)
  }

  /// The virtual address of `slot` for a `migrate_vma` call.
  public func address(of slot: Int) -> UInt64? { start.map { $0 + UInt64(slot) * pageSize } }

  /// The slot whose page holds `address`, for a `migrate_vma` call that covers it.
  public func slot(at address: UInt64) -> Int? {
    guard let start, address >= start, (address - start) / pageSize < UInt64(src.count) else { return nil }
    return Int((address - start) / pageSize)
  }
}
