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
    let url = URL(fileURLWithPath: path)
    let folder = url.deletingLastPathComponent().path
    var isFolder: ObjCBool = false
    guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
      printError("folioscope: cannot write '\(path)': the folder '\(folder)' does not exist")
      throw ExitCode(ExitStatus.cannotCreate)
    }
    if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue {
      printError("folioscope: cannot write '\(path)': it is a directory; name a file in it")
      throw ExitCode(ExitStatus.cannotCreate)
    }
    do {
      try Data(text.utf8).write(to: url)
    } catch {
      printError("folioscope: cannot write '\(path)': \(error.localizedDescription)")
      throw ExitCode(ExitStatus.cannotCreate)
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
