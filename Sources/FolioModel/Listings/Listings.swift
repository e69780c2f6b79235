/// The registry of paraphrased listings, by kernel function name.
public enum Listings {
  public static func listing(for function: String) -> Listing? { all[function] }

  static let all: [String: Listing] = Dictionary(
    uniqueKeysWithValues: ([] as [Listing]).map { ($0.function, $0) })
}
