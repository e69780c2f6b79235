import Foundation

/// Reading a scenario file from disk, refusing what cannot be a scenario with a clear reason.
enum ScenarioFile {
  /// The file's bytes, or why they can't be had (missing, a directory, unreadable, too large).
  static func read(_ path: String) -> Result<Data, ReadFailure> {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
      return .failure("cannot read the file: it does not exist")
    }
    if isDirectory.boolValue { return .failure("cannot read the file: it is a directory, not a scenario file") }
    guard FileManager.default.isReadableFile(atPath: path), let handle = FileHandle(forReadingAtPath: path) else {
      return .failure("cannot read the file: permission denied")
    }
    defer { try? handle.close() }
    // Read at most one byte more than allowed: enough to refuse a large file (or an endless one
    // such as /dev/zero) without reading it all.
    do {
      let data = try handle.read(upToCount: ScenarioLoader.maxFileSize + 1) ?? Data()
      return .success(data)
    } catch {
      return .failure(ReadFailure("cannot read the file: \(error.localizedDescription)"))
    }
  }

  static func tooLarge(_ size: Int) -> String {
    let limit = ScenarioLoader.maxFileSize >> 20
    let shown = size > ScenarioLoader.maxFileSize ? "more than \(limit) MiB" : "\(size) bytes"
    return "the file is too large (\(shown)); a scenario file may be at most \(limit) MiB"
  }

  /// `Examples/scenarios/anon-to-device.yaml` → `anon-to-device`.
  static func stem(of path: String) -> String {
    let base = path.split(separator: "/").last.map(String.init) ?? path
    guard let dot = base.lastIndex(of: "."), dot != base.startIndex else { return base }
    return String(base[..<dot])
  }
}

/// A reason a file could not be read, used as the message of its diagnostic.
struct ReadFailure: Error, ExpressibleByStringLiteral {
  let message: String
  init(stringLiteral message: String) { self.message = message }
  init(_ message: String) { self.message = message }
}
