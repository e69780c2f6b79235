/// The registry of paraphrased listings, by kernel function name.
public enum Listings {
  public static func listing(for function: String) -> Listing? { all[function] }

  /// Every listing, one group per file (`Listings+Setup.swift`, …), keyed by function name.
  static let all: [String: Listing] = Dictionary(
    uniqueKeysWithValues: (setup + collect + collectPMD + unmap + pages + mapping + insert + finalize + device
      + fault + driver + events).map { ($0.function, $0) })
}
