/// The migrate-pfn encoding of `include/linux/migrate.h`: `pfn << MIGRATE_PFN_SHIFT | flags`.
public enum MigratePFN {
  /// `MIGRATE_PFN_SHIFT`.
  public static let shift: UInt64 = 6
  /// `MIGRATE_PFN_VALID`: the pfn bits name a real page.
  public static let valid: UInt64 = 1 << 0
  /// `MIGRATE_PFN_MIGRATE`: this entry is (still) migrating.
  public static let migrate: UInt64 = 1 << 1
  /// `MIGRATE_PFN_WRITE`: the source was mapped writable.
  public static let write: UInt64 = 1 << 3
  /// `MIGRATE_PFN_COMPOUND` (v7.0): the entry stands for a whole PMD-sized folio or hole.
  public static let compound: UInt64 = 1 << 4

  /// `migrate_pfn(pfn)`.
  public static func make(_ pfn: PFN) -> UInt64 { (pfn << shift) | valid }

  /// `migrate_pfn_to_page`: the pfn, or nil when VALID is clear.
  public static func page(_ mpfn: UInt64) -> PFN? { mpfn & valid != 0 ? mpfn >> shift : nil }

  /// The `V M W C` letter strip, `_` for a clear bit (page-types' convention).
  public static func letters(_ mpfn: UInt64) -> String {
    let bits: [(UInt64, Character)] = [(valid, "V"), (migrate, "M"), (write, "W"), (compound, "C")]
    return String(bits.map { mpfn & $0.0 != 0 ? $0.1 : "_" })
  }

  /// The flag names set in `mpfn`, for the inspector.
  public static func names(_ mpfn: UInt64) -> [String] {
    let bits: [(UInt64, String)] = [
      (valid, "MIGRATE_PFN_VALID"), (migrate, "MIGRATE_PFN_MIGRATE"), (write, "MIGRATE_PFN_WRITE"),
      (compound, "MIGRATE_PFN_COMPOUND"),
    ]
    return bits.filter { mpfn & $0.0 != 0 }.map(\.1)
  }

  /// Lower-case hex as the kernel prints it (`0x400b`).
  public static func hex(_ value: UInt64) -> String { "0x" + String(value, radix: 16) }
}
