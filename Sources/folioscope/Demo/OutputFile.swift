import ArgumentParser
import Foundation

/// The `-o FILE` of `record` and `handout`: '-' is standard output.
enum OutputFile {
  /// Writes `text` to `path`, or prints why not and exits with EX_CANTCREAT.
  static func write(_ text: String, to path: String) throws {
    if path == "-" {
      do {
        try FileHandle.standardOutput.write(contentsOf: Data(text.utf8))
      } catch {
        printError("folioscope: cannot write to standard output: \(error.localizedDescription)")
        throw ExitCode(ExitStatus.ioError)
      }
      return
    }
    let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
    var isFolder: ObjCBool = false
    guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
      printError("folioscope: cannot write '\(path)': the folder '\(folder)' does not exist")
      throw ExitCode(ExitStatus.cannotCreate)
    }
    if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue {
      printError("folioscope: cannot write '\(path)': it is a directory; name a file in it")
      throw ExitCode(ExitStatus.cannotCreate)
    }
    // open(2) and write(2) rather than Data.write: Foundation reports a refused create (a
    // file in /proc, say) as "the file doesn't exist", where errno says what happened.
    let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    guard fd >= 0 else {
      printError("folioscope: cannot write '\(path)': \(String(cString: strerror(errno)))")
      throw ExitCode(ExitStatus.cannotCreate)
    }
    defer { close(fd) }
    let bytes = Array(text.utf8)
    var written = 0
    while written < bytes.count {
      let count = bytes[written...].withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
      guard count > 0 else {
        printError("folioscope: cannot write '\(path)': \(String(cString: strerror(errno)))")
        throw ExitCode(ExitStatus.cannotCreate)
      }
      written += count
    }
  }
}

/// The SCENARIO and `-o FILE` that `record` and `handout` both take.
struct ScenarioToFile: ParsableArguments {
  @Argument(help: "A built-in scenario name or a path to a YAML file.")
  var scenario: String

  @Option(name: .shortAndLong, help: "The file to write ('-' for standard output).")
  var output: String

  func validate() throws {
    // `handout demo.yaml -o demo.yaml` would replace the scenario with its handout.
    guard output != "-", let scenarioFile = OutputFile.identity(of: scenario), OutputFile.identity(of: output) == scenarioFile else {
      return
    }
    printError("folioscope: cannot write '\(output)': it is the scenario file itself; name another file")
    throw ExitCode(ExitStatus.cannotCreate)
  }
}

extension OutputFile {
  /// The device and inode of the file at `path`, if it exists (two paths may name one file).
  static func identity(of path: String) -> [Int]? {
    guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
          let device = attributes[.systemNumber] as? Int, let inode = attributes[.systemFileNumber] as? Int else { return nil }
    return [device, inode]
  }
}
