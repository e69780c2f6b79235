import FolioScenario

/// A labelled run of pfns: system RAM, or one device pgmap (`struct dev_pagemap`).
public struct MemoryRegion: Sendable, Hashable {
  public var name: String
  public var zone: Zone
  public var range: PfnRange
  public init(name: String, zone: Zone, range: PfnRange) {
    self.name = name
    self.zone = zone
    self.range = range
  }
}
