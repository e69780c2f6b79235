/// Physical memory: one system-RAM pfn range, the ZONE_DEVICE pgmaps drivers created with
/// `memremap_pages()`, and the pfn of the shared zero page.
public struct PhysicalMemory: Sendable, Hashable {
  public var system: PfnRange
  public var devices: [DeviceSpec]
  /// The pfn of the kernel's shared zero page (`my_zero_pfn`); outside every other range.
  public var zeroPfn: UInt64

  public init(system: PfnRange, devices: [DeviceSpec] = [], zeroPfn: UInt64 = 0x0) {
    self.system = system
    self.devices = devices
    self.zeroPfn = zeroPfn
  }
}

/// A contiguous run of page frame numbers.
public struct PfnRange: Sendable, Hashable {
  public var start: UInt64
  public var count: Int
  public init(start: UInt64, count: Int) {
    self.start = start
    self.count = count
  }
  public var end: UInt64 { start + UInt64(count) }
  public func contains(_ pfn: UInt64) -> Bool { pfn >= start && pfn < end }
}

/// The kind of a ZONE_DEVICE pgmap (`enum memory_type`).
public enum DeviceMemoryType: String, Sendable, Hashable, CaseIterable {
  /// `MEMORY_DEVICE_PRIVATE`: the CPU cannot address it; mapped only by device-private entries.
  case devicePrivate = "private"
  /// `MEMORY_DEVICE_COHERENT`: CPU-addressable, mapped by ordinary present PTEs.
  case deviceCoherent = "coherent"
}

/// One device pgmap: its owner cookie (`pgmap->owner`, here the device's name) and pfn range.
public struct DeviceSpec: Sendable, Hashable {
  public var name: String
  public var type: DeviceMemoryType
  public var range: PfnRange
  public init(name: String, type: DeviceMemoryType, range: PfnRange) {
    self.name = name
    self.type = type
    self.range = range
  }
}
