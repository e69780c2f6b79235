import TerminalCanvas
import Testing

@Suite struct RectTests {
  @Test func negativeSizesClampToZero() {
    let rect = Rect(x: 3, y: 4, width: -2, height: -7)
    #expect(rect.width == 0 && rect.height == 0 && rect.isEmpty)
  }

  @Test func intersectionOfOverlappingRects() {
    let a = Rect(x: 0, y: 0, width: 10, height: 5)
    let b = Rect(x: 6, y: 3, width: 10, height: 10)
    #expect(a.intersection(b) == Rect(x: 6, y: 3, width: 4, height: 2))
    #expect(b.intersection(a) == a.intersection(b))
  }

  @Test func intersectionOfDisjointRectsIsEmpty() {
    let a = Rect(x: 0, y: 0, width: 3, height: 3)
    let b = Rect(x: 5, y: 5, width: 3, height: 3)
    #expect(a.intersection(b).isEmpty)
  }

  @Test func splitTopAndBottomKeepEveryRow() {
    let rect = Rect(x: 1, y: 2, width: 8, height: 10)
    let (top, rest) = rect.splitTop(3)
    #expect(top == Rect(x: 1, y: 2, width: 8, height: 3))
    #expect(rest == Rect(x: 1, y: 5, width: 8, height: 7))
    let (above, bottom) = rect.splitBottom(4)
    #expect(above == Rect(x: 1, y: 2, width: 8, height: 6))
    #expect(bottom == Rect(x: 1, y: 8, width: 8, height: 4))
  }

  @Test func splitsClampToTheAvailableSpace() {
    let rect = Rect(x: 0, y: 0, width: 5, height: 2)
    #expect(rect.splitTop(9).rest.isEmpty)
    #expect(rect.splitTop(9).top == rect)
    #expect(rect.splitBottom(-1).bottom.height == 0)
    #expect(rect.splitLeft(7).left == rect)
    #expect(rect.splitLeft(2).rest == Rect(x: 2, y: 0, width: 3, height: 2))
  }

  @Test func insetBeyondTheSizeIsEmpty() {
    #expect(
      Rect(x: 0, y: 0, width: 6, height: 4).inset(by: 1) == Rect(x: 1, y: 1, width: 4, height: 2))
    #expect(Rect(x: 0, y: 0, width: 1, height: 1).inset(by: 1).isEmpty)
  }

  @Test func containsExcludesTheFarEdges() {
    let rect = Rect(x: 2, y: 2, width: 2, height: 2)
    #expect(rect.contains(x: 2, y: 3))
    #expect(!rect.contains(x: 4, y: 2))
    #expect(!rect.contains(x: 2, y: 4))
  }
}
