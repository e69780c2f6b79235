import ArgumentParser
import FolioViews

/// `--theme`, for the commands whose frames keep their colours (`run`, `render`, `record`).
struct ThemeOption: ParsableArguments {
  @Option(help: "Colour theme: dark, light, mono or contrast (default: dark, contrast with --present; NO_COLOR selects mono).")
  var theme: String?

  func validate() throws {
    if let theme, Theme.named(theme) == nil {
      throw ValidationError("unknown theme '\(theme)'; use one of: \(Theme.themeNames.joined(separator: ", "))")
    }
  }
}
