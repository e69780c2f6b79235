import Foundation

/// The text of a scenario file: strict UTF-8 decoding and offset → line:column conversion.
enum SourceText {
  /// Where the first invalid UTF-8 byte is.
  struct InvalidUTF8: Error {
    let position: Position
    let byte: UInt8
    var message: String {
      "the file is not valid UTF-8 text (byte 0x\(String(byte, radix: 16, uppercase: false)) cannot start or continue a character)"
    }
  }

  /// The bytes as a String, or the position of the first byte that is not UTF-8.
  static func decodeUTF8(_ data: Data) -> Result<String, InvalidUTF8> {
    if let text = String(validating: data, as: UTF8.self) { return .success(text) }
    let bytes = [UInt8](data)
    var iterator = bytes.makeIterator()
    var decoder = UTF8()
    var line = 1
    var column = 1
    var consumed = 0
    while true {
      switch decoder.decode(&iterator) {
      case .scalarValue(let scalar):
        consumed += UTF8.width(scalar)
        if scalar == "\n" {
          line += 1
          column = 1
        } else {
          column += 1
        }
      case .emptyInput:
        return .success(String(decoding: bytes, as: UTF8.self))
      case .error:
        let byte = consumed < bytes.count ? bytes[consumed] : 0
        return .failure(InvalidUTF8(position: Position(line: line, column: column), byte: byte))
      }
    }
  }

  /// The first character that YAML (libyaml) reads as a line break but editors and this file's
  /// own line count do not — U+0085, U+2028, U+2029 — with its position and a message. Left in,
  /// it would shift the line of every diagnostic after it, so the file is refused there.
  static func firstYAMLOnlyBreak(in text: String) -> (Position, String)? {
    let names: [Unicode.Scalar: String] = ["\u{85}": "NEXT LINE", "\u{2028}": "LINE SEPARATOR",
                                           "\u{2029}": "PARAGRAPH SEPARATOR"]
    // The common case, none at all, is found without breaking the text into characters.
    guard text.unicodeScalars.contains(where: { names[$0] != nil }) else { return nil }
    var offset = 0
    for character in text {
      if let scalar = character.unicodeScalars.first(where: { names[$0] != nil }), let name = names[scalar] {
        let code = String(scalar.value, radix: 16, uppercase: true)
        let hex = String(repeating: "0", count: max(0, 4 - code.count)) + code
        return (position(ofCharacter: offset, in: text), "U+\(hex) (\(name)) is a line break to YAML but not to "
          + "editors, so the lines after it would be misnumbered; delete it (in a title, start a new line instead)")
      }
      offset += 1
    }
    return nil
  }

  /// The line and column of the character at `offset` (counted in Characters, as Yams does).
  static func position(ofCharacter offset: Int, in text: String) -> Position {
    var line = 1
    var column = 1
    for character in text.prefix(max(0, offset)) {
      if character == "\n" || character == "\r\n" {
        line += 1
        column = 1
      } else {
        column += 1
      }
    }
    return Position(line: line, column: column)
  }
}
