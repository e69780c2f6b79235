/// "Did you mean …?" hints: the known names closest to a misspelt one by edit distance.
public enum Suggestion {
  /// The candidates within a small edit distance of `word` (case-insensitive, a swap of two
  /// neighbouring letters counts as one edit), closest first; among equally close ones, a name
  /// the word begins or is begun by ('pin' → 'pins' before 'pfn'), then the given order.
  public static func closest(to word: String, among candidates: [String]) -> [String] {
    let target = Array(word.lowercased())
    let scored = candidates.compactMap { candidate -> (String, Int)? in
      let distance = editDistance(target, Array(candidate.lowercased()))
      // Allow roughly one edit per three letters so short names don't match everything.
      // Replacing every letter is not a near miss ('B' is not a misspelt 'A').
      let longest = max(target.count, candidate.count)
      let limit = max(1, min(3, (longest + 1) / 3))
      return distance <= limit && distance < longest ? (candidate, distance) : nil
    }
    func rank(_ candidate: String) -> Int {
      let name = candidate.lowercased()
      return name.hasPrefix(String(target)) || String(target).hasPrefix(name) ? 0 : 1
    }
    let close = scored.enumerated().sorted {
      ($0.element.1, rank($0.element.0), $0.offset) < ($1.element.1, rank($1.element.0), $1.offset)
    }.map(\.element.0)
    guard close.isEmpty else { return close }
    // Else a name the word spells out in full or begins ('anonymous' for 'anon', 'priv' for
    // 'private'), at least three letters of it; a word of a name ('refs' for 'extra_refs'); or
    // a one-word name of the same stem ('pinned' for 'pins': three letters or more in common,
    // at least half of each).
    let word = word.lowercased()
    return candidates.filter { candidate in
      let name = candidate.lowercased()
      let common = zip(name, word).prefix { $0 == $1 }.count
      return min(name.count, word.count) >= 3 && (word.hasPrefix(name) || name.hasPrefix(word))
        || word.count >= 3 && name.split(separator: "_").contains { $0 == word }
        || common >= 3 && 2 * common >= name.count && 2 * common >= word.count && !(name + word).contains("_")
    }
  }

  /// "; did you mean 'order'?" for the closest candidate (or the candidate a kernel word names:
  /// 'shmem' for 'shared'), or "" when nothing is close.
  static func hint(for word: String, among candidates: [String]) -> String {
    let named = kernelWords[word.lowercased()].flatMap { candidates.contains($0) ? $0 : nil }
    guard let best = closest(to: word, among: candidates).first ?? named else { return "" }
    return "; did you mean '\(best)'?"
  }

  /// Kernel words for a value the format spells otherwise.
  static let kernelWords = ["shmem": "shared", "tmpfs": "shared"]

  /// Optimal-string-alignment distance: insertions, deletions, substitutions and adjacent swaps.
  static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var previous2 = [Int](repeating: 0, count: b.count + 1)
    var previous = Array(0...b.count)
    var current = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
      current[0] = i
      for j in 1...b.count {
        let cost = a[i - 1] == b[j - 1] ? 0 : 1
        current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
        if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
          current[j] = min(current[j], previous2[j - 2] + 1)
        }
      }
      (previous2, previous, current) = (previous, current, previous2)
    }
    return previous[b.count]
  }
}
