// swift-tools-version: 6.1
import PackageDescription

let package = Package(
  name: "folioscope",
  products: [
    .executable(name: "folioscope", targets: ["folioscope"]),
    .library(name: "FolioModel", targets: ["FolioModel"]),
    .library(name: "FolioScenario", targets: ["FolioScenario"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
    .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.0"),
  ],
  targets: [
    // Thin C module over the system's wide-character ncurses (see docs/ncurses.md).
    .systemLibrary(name: "CNcursesw", providers: [.apt(["libncurses-dev"])]),
    // glibc's mallopt, to tune how the checker thread's heap grows.
    .systemLibrary(name: "CMalloc"),
    // Cells, styles, buffers and the TerminalDevice protocol; knows nothing of folios.
    .target(name: "TerminalCanvas"),
    // Scenario description types, the YAML format, validation and the built-in library.
    .target(
      name: "FolioScenario",
      dependencies: [.product(name: "Yams", package: "Yams")],
      resources: [.copy("Resources/scenarios")]
    ),
    // The pure simulation of mm/migrate_device.c and its timeline.
    .target(name: "FolioModel", dependencies: ["FolioScenario", "CMalloc"]),
    // Panes and the Viewer: pure functions from a step's state to a TerminalCanvas buffer.
    .target(name: "FolioViews", dependencies: ["FolioModel", "FolioScenario", "TerminalCanvas"]),
    // The only code that touches the tty.
    .target(name: "CursesTerminal", dependencies: ["CNcursesw", "TerminalCanvas"]),
    .executableTarget(
      name: "folioscope",
      dependencies: [
        "FolioScenario", "FolioModel", "FolioViews", "TerminalCanvas", "CursesTerminal",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),
    // The example a driver developer copies: build a scenario in code, run it, print the outcome.
    .executableTarget(
      name: "library-use",
      dependencies: ["FolioScenario", "FolioModel"],
      path: "Examples/library-use"
    ),
    .testTarget(name: "TerminalCanvasTests", dependencies: ["TerminalCanvas"]),
    .testTarget(
      name: "FolioScenarioTests",
      dependencies: [
        "FolioScenario",
        .product(name: "PropertyBased", package: "swift-property-based"),
      ],
      resources: [.copy("BadInput")]
    ),
    .testTarget(
      name: "FolioModelTests",
      dependencies: [
        "FolioModel", "FolioScenario",
        .product(name: "PropertyBased", package: "swift-property-based"),
      ]
    ),
    .testTarget(
      name: "FolioViewsTests",
      dependencies: ["FolioViews", "FolioModel", "FolioScenario", "TerminalCanvas"],
      resources: [.copy("Goldens")]
    ),
    .testTarget(name: "EndToEndTests", dependencies: ["folioscope"]),
  ]
)
