import TerminalCanvas
import Testing

@Suite struct ColorReductionTests {
  @Test func colorsTheTerminalHasAreKept() {
    #expect(Color.indexed(208).reduced(toColorCount: 256) == .indexed(208))
    #expect(Color.indexed(9).reduced(toColorCount: 16) == .indexed(9))
    #expect(Color.red.reduced(toColorCount: 8) == .red)
    #expect(Color.terminalDefault.reduced(toColorCount: 8) == .terminalDefault)
  }

  @Test func withoutColorsEverythingIsTheTerminalDefault() {
    #expect(Color.indexed(208).reduced(toColorCount: 0) == .terminalDefault)
    #expect(Color.green.reduced(toColorCount: 0) == .terminalDefault)
  }

  @Test(arguments: [
    (UInt8(9), Color.red),  // bright red
    (UInt8(15), Color.white),  // bright white
    (UInt8(208), Color.yellow),  // orange (255, 135, 0)
    (UInt8(52), Color.red),  // dark red (95, 0, 0) must not vanish into black
    (UInt8(21), Color.blue),  // (0, 0, 255)
    (UInt8(51), Color.cyan),  // (0, 255, 255)
    (UInt8(232), Color.black),  // darkest grey
    (UInt8(250), Color.white),  // light grey
  ])
  func eightColourTerminalsGetTheNearestHue(index: UInt8, expected: Color) {
    #expect(Color.indexed(index).reduced(toColorCount: 8) == expected)
  }
}
