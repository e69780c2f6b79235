/// A point in a call's driver sequence where something else can happen.
public enum EventPoint: String, Sendable, Hashable, CaseIterable {
  /// After `migrate_vma_setup` (collect + unmap) returns, before the driver allocates.
  case afterSetup = "after_setup"
  /// After the driver allocated and copied, before `migrate_vma_pages`.
  case beforePages = "before_pages"
  /// After `migrate_vma_pages`, before `migrate_vma_finalize`.
  case afterPages = "after_pages"
  /// After `migrate_vma_finalize`.
  case afterFinalize = "after_finalize"
}

/// Something another thread does at an `EventPoint` of call number `call` (0-based).
public struct EventSpec: Sendable, Hashable {
  public var call: Int
  public var at: EventPoint
  public var action: EventAction
  public init(call: Int = 0, at: EventPoint, action: EventAction) {
    self.call = call
    self.at = at
    self.action = action
  }
}

/// What the other thread does.
public enum EventAction: Sendable, Hashable {
  /// A CPU load (`write == false`) or store by a thread of `process` at `address`: it may fault a
  /// hole in, wait on a migration entry, or fault a device-private page back to RAM.
  case cpuAccess(process: String, address: UInt64, write: Bool)
  /// Another thread takes PG_locked on the folio containing `pfn`.
  case lockFolio(pfn: UInt64)
  /// That thread releases it.
  case unlockFolio(pfn: UInt64)
  /// Someone takes a plain reference (`folio_get`, e.g. GUP) on the folio containing `pfn`.
  case getReference(pfn: UInt64)
  /// …and drops it.
  case putReference(pfn: UInt64)
}
