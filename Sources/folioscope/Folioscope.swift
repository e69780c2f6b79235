import ArgumentParser
import FolioScenario

/// The `folioscope` command: shows how Linux migrates memory between system RAM and device memory.
@main
struct Folioscope: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "folioscope",
    abstract: "Step through mm/migrate_device.c: how Linux migrates pages between system RAM and device memory.",
    version: versionText,
    subcommands: [
      RunCommand.self, RenderCommand.self, TraceCommand.self, CompareCommand.self, ListCommand.self,
      RecordCommand.self, HandoutCommand.self, ValidateCommand.self, BenchCommand.self,
    ],
    defaultSubcommand: RunCommand.self
  )

  /// This program's version, and the kernels whose code it models.
  static let version = "0.1.0"

  static var versionText: String {
    "folioscope \(version): models mm/migrate_device.c of Linux "
      + KernelVersion.allCases.map(\.rawValue).joined(separator: " and ")
  }
}
