import Yams

/// Bounds on the parsed YAML tree, checked without recursion before decoding: nesting depth and
/// the number of values once aliases are expanded (an alias bomb expands exponentially).
enum TreeGuard {
  /// A scenario nests about eight levels deep (expect → v7.0 → calls → [0] → src → [0]).
  static let maxDepth = 32
  /// Far above any real scenario (a few thousand), low enough that decoding stays instant.
  static let maxNodes = 200_000

  static func firstProblem(in root: Node) -> (Position, String)? {
    var stack: [(Node, Int)] = [(root, 1)]
    var visited = 0
    while let (node, depth) = stack.popLast() {
      visited += 1
      if visited > maxNodes {
        return (Position(node.mark), "the file has more than \(maxNodes) YAML values (counting each use of an alias); a scenario is far smaller")
      }
      if depth > maxDepth {
        return (Position(node.mark), "the YAML is nested more than \(maxDepth) levels deep; a scenario never needs that")
      }
      switch node {
      case .mapping(let mapping):
        for (key, value) in mapping.reversed() {
          stack.append((value, depth + 1))
          stack.append((key, depth + 1))
        }
      case .sequence(let sequence):
        stack.append(contentsOf: sequence.reversed().map { ($0, depth + 1) })
      case .scalar, .alias:
        break
      }
    }
    return nil
  }
}
