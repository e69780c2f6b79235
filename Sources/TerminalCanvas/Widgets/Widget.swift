/// Anything that draws itself into an area of a buffer. Widgets never do I/O and must cope with
/// any area, including 0×0 and 1×1.
public protocol Widget {
  func render(in area: Rect, on buffer: inout Buffer)
}
