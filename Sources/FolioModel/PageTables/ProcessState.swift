import FolioScenario

/// Bytes in a page, and pages under one PMD (`HPAGE_PMD_NR`).
public let pageSize: UInt64 = 4096
public let hpagePMDNr = 512

/// A VMA as the simulation sees it (`struct vm_area_struct`).
public struct VMA: Sendable, Hashable {
  public var start: UInt64
  public var end: UInt64
  public var kind: VMAKind
  public var readable: Bool
  public var writable: Bool
  public var special: [VMASpecialFlag]

  public init(_ spec: VMASpec) {
    start = spec.start
    end = spec.end
    kind = spec.kind
    readable = spec.readable
    writable = spec.writable
    special = spec.special
  }

  public var isAnonymous: Bool { kind == .anonPrivate }
  public func contains(_ address: UInt64) -> Bool { address >= start && address < end }
}

/// A process (`struct mm_struct`): its VMAs and page tables. PTEs are keyed by virtual page
/// number (address >> 12), PMD leaves by address >> 21. A vpn absent from `ptes` is `pte_none`.
/// PMD leaves stay a dictionary: there is one per 2 MiB, too few to matter to a checkpoint.
public struct ProcessState: Sendable, Hashable {
  public var name: String
  public var vmas: [VMA]
  public var ptes: PageTable
  public var pmds: [UInt64: PMD]

  public init(name: String, vmas: [VMA]) {
    self.name = name
    self.vmas = vmas
    ptes = PageTable()
    pmds = [:]
  }

  public func vma(containing address: UInt64) -> VMA? { vmas.first { $0.contains(address) } }

  public func pte(at address: UInt64) -> PTE { ptes[address >> 12] ?? .none }

  public func pmd(at address: UInt64) -> PMD { pmds[address >> 21] ?? .table }
}
