import FolioModel
import FolioScenario
import TerminalCanvas

/// The paraphrased listing of the step's kernel function, the current line marked by an arrow
/// and reverse video, titled with the function and the kernel version it paraphrases.
public struct CodePane: Widget {
  public var listing: Listing?
  public var function: String
  /// The 1-based current line, if the listing knows the step's label.
  public var line: Int?
  public var kernel: KernelVersion
  public var theme: Theme

  public init(listing: Listing?, function: String, line: Int?, kernel: KernelVersion, theme: Theme)
  {
    self.listing = listing
    self.function = function
    self.line = line
    self.kernel = kernel
    self.theme = theme
  }

  /// The file the scenario's own listing (its start and end) names: folioscope, not the kernel.
  static let ownFile = "folioscope"

  public func render(in area: Rect, on buffer: inout Buffer) {
    // The file says where to read the real code (lib/test_hmm.c marks the reference driver's
    // steps as not the core's); the scenario's own start and end are no kernel function at all.
    let short = "\(function)() · \(kernel.rawValue) · paraphrase"
    let title: String
    if let file = listing?.file {
      let long = "\(function)() · \(file) · \(kernel.rawValue) · paraphrase"
      title = file == Self.ownFile ? "\(function) start and end · not kernel code" : long.count <= area.width - 4 ? long : short
    } else {
      title = short
    }
    let inner = buffer.drawPane(area, title: title, theme: theme)
    guard !inner.isEmpty else { return }
    guard let listing, !listing.lines.isEmpty else {
      buffer.put(
        "No paraphrased listing for \(function).", x: inner.x, y: inner.y, style: Style(.muted),
        limit: inner.width)
      return
    }
    let count = listing.lines.count
    let current = line.map { $0 - 1 }
    let first = max(0, min((current ?? 0) - inner.height / 3, count - inner.height))
    let numberWidth = String(count).count
    for (row, index) in (first..<min(count, first + inner.height)).enumerated() {
      let isCurrent = index == current
      let mark = isCurrent ? String(theme.marks.pointer) : " "
      let text = mark + String(index + 1).leftPadding(numberWidth) + " " + listing.lines[index].text
      let style = isCurrent ? Style(.current, bold: true, reverse: true) : Style.plain
      if isCurrent {
        buffer.setStyle(
          style, in: Rect(x: inner.x, y: inner.y + row, width: inner.width, height: 1))
      }
      buffer.put(text, x: inner.x, y: inner.y + row, style: style, limit: inner.width)
    }
  }
}
