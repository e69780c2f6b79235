import ArgumentParser

/// The `folioscope` command: shows how Linux migrates memory between system RAM and device memory.
@main
struct Folioscope: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "folioscope",
    abstract: "Step through mm/migrate_device.c: how Linux migrates pages between system RAM and device memory.",
    subcommands: [
      RunCommand.self, RenderCommand.self, TraceCommand.self, CompareCommand.self, ListCommand.self,
      RecordCommand.self, HandoutCommand.self, ValidateCommand.self, BenchCommand.self,
    ],
    defaultSubcommand: RunCommand.self
  )
}
