import FolioModel
import FolioScenario
import FolioViews
import Foundation
import TerminalCanvas

/// The run loop: draw, wait for an event (or the next tick while playing), hand it to the
/// viewer or the scenario picker. Holds no logic of its own beyond routing.
struct UISession {
  var viewer: Viewer
  var scenario: String
  let display: DisplayOptions
  /// `--notes`: where each step's narration goes as the demo reaches it.
  let notes: SpeakerNotes?
  var picker: ScenarioPicker?
  /// The built-ins' list entries, read once: loading every file for its summary takes a moment.
  var builtinEntries: [ScenarioPicker.Entry]?

  mutating func loop(on terminal: some TerminalDevice) {
    while true {
      notes?.note(viewer)
      var frame = viewer.render()
      picker?.render(on: &frame, theme: viewer.theme)
      terminal.draw(frame)
      let timeout = viewer.playing && picker == nil ? Viewer.tickMilliseconds : nil
      var event = terminal.nextEvent(timeoutMilliseconds: timeout) ?? .tick
      // A burst of resize events rebuilds the layout once, at the last size; a key right after
      // one is handled at that size, so the size is taken first.
      while case .resize = event, let next = terminal.nextEvent(timeoutMilliseconds: 30) {
        if case .resize = next {
          event = next
          continue
        }
        _ = viewer.handle(event)
        event = next
        break
      }
      if case .key(let key) = event, picker != nil {
        if !handlePicker(key) { continue }
        continue
      }
      switch viewer.handle(event) {
      case .quit: return
      case .redraw:
        // Also takes the terminal's size again, in case a resize went unnoticed.
        _ = viewer.handle(.resize(terminal.size))
        terminal.invalidate()
      case .pickScenario:
        let builtins = builtinEntries ?? Self.builtinEntries()
        builtinEntries = builtins
        picker = ScenarioPicker(entries: builtins + Self.folderEntries(), current: scenario)
      case .continue: break
      }
    }
  }

  /// Returns false when the picker was closed.
  private mutating func handlePicker(_ key: Key) -> Bool {
    guard var current = picker else { return false }
    switch current.handle(key) {
    case .continue:
      picker = current
      return true
    case .cancel:
      picker = nil
    case .choose(let name):
      picker = nil
      let loaded: Scenario
      do {
        loaded = try ScenarioArgument.resolve(name)
      } catch {
        viewer.show(notice: error.message.split(separator: "\n").first.map(String.init) ?? error.message)
        return false
      }
      scenario = name
      // The picked scenario starts at its first step (always in range), on the kernel shown now.
      var options = display
      options.step = 0
      options.kernel = viewer.timeline.kernel
      guard var next = try? options.viewer(for: loaded, size: viewer.size, theme: viewer.theme) else { return false }
      next.pauseAtPhases = viewer.pauseAtPhases
      next.set(stepsPerSecond: viewer.stepsPerSecond)
      viewer = next
    }
    return false
  }

  /// Every built-in with its one-line summary and library group.
  static func builtinEntries() -> [ScenarioPicker.Entry] {
    BuiltinScenarios.names.map { name in
      let scenario = try? BuiltinScenarios.load(name)
      return ScenarioPicker.Entry(name: name, summary: scenario?.summary ?? "", group: scenario?.group ?? "")
    }
  }

  /// The scenario files of the current folder (read each time: the user may have added one).
  static func folderEntries() -> [ScenarioPicker.Entry] {
    let files = (try? FileManager.default.contentsOfDirectory(atPath: ".")) ?? []
    return files.sorted().filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.map {
      ScenarioPicker.Entry(name: "./" + $0, summary: "", group: "files in this folder")
    }
  }
}
