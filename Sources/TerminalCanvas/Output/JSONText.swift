/// The small amount of JSON the asciicast writer (and the trace) needs, written by hand so the
/// output is byte-for-byte deterministic and the module needs no Foundation.
public enum JSONText {
  /// `text` as a quoted JSON string; control characters (ESC included) become `\uXXXX` escapes.
  public static func quoted(_ text: String) -> String {
    var result = "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": result += "\\\""
      case "\\": result += "\\\\"
      case "\n": result += "\\n"
      case "\r": result += "\\r"
      case "\t": result += "\\t"
      case _ where scalar.value < 0x20:
        let hex = String(scalar.value, radix: 16)
        result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
      default: result.unicodeScalars.append(scalar)
      }
    }
    return result + "\""
  }

  /// `seconds` with exactly six decimals (microsecond resolution), never negative.
  static func seconds(_ seconds: Double) -> String {
    let micros = max(0, Int((seconds * 1_000_000).rounded()))
    let fraction = String(micros % 1_000_000)
    return "\(micros / 1_000_000)." + String(repeating: "0", count: 6 - fraction.count) + fraction
  }
}
