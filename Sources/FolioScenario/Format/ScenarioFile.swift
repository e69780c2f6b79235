import Foundation

/// Reading a scenario file from disk, refusing what cannot be a scenario with a clear reason.
enum ScenarioFile {
  /// The file's bytes, or why they can't be had (missing, a directory, unreadable, too large).
  static func read(_ path: String) -> Result<Data, ReadFailure> {
    if let reason = unreadableReason(path) { return .failure(ReadFailure("cannot read the file: " + reason)) }
    guard let handle = FileHandle(forReadingAtPath: path) else { return .failure("cannot read the file: permission denied") }
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

  /// Why `path` cannot be opened as a scenario file, or nil when it can: it does not exist (with
  /// the `.yaml`/`.yml` twin that does, if any), it is a directory, or it may not be read.
  static func unreadableReason(_ path: String) -> String? {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
      var link = stat()
      if lstat(path, &link) == 0 && link.st_mode & S_IFMT == S_IFLNK {
        return "it is a symbolic link to nothing (its target is missing, or links loop)"
      }
      return "it does not exist" + (twin(of: path).map { "; did you mean '\($0)'?" } ?? "")
    }
    if isDirectory.boolValue { return "it is a directory, not a scenario file" }
    // Reading a FIFO or a socket waits for a writer that may never come.
    if isPipeOrSocket(path) { return "it is a pipe or socket, not a scenario file" }
    return FileManager.default.isReadableFile(atPath: path) ? nil : "permission denied"
  }

  private static func isPipeOrSocket(_ path: String) -> Bool {
    var status = stat()
    return stat(path, &status) == 0 && [S_IFIFO, S_IFSOCK].contains(status.st_mode & S_IFMT)
  }

  /// `foo.yaml` for a missing `foo.yml` (and the other way round), when that file exists.
  private static func twin(of path: String) -> String? {
    let swaps = [(".yml", ".yaml"), (".yaml", ".yml")]
    guard let (old, new) = swaps.first(where: { path.hasSuffix($0.0) }) else { return nil }
    let other = String(path.dropLast(old.count)) + new
    var isDirectory: ObjCBool = false
    return FileManager.default.fileExists(atPath: other, isDirectory: &isDirectory) && !isDirectory.boolValue ? other : nil
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
