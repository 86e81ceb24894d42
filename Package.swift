// swift-tools-version:6.0
import PackageDescription

// Release builds skip Swift's run-time exclusivity checks on the per-event path: they cost 5-6 % of a hunt (class
// property accesses in the matcher and reader). Debug builds, and so `swift test`, keep them.
let hotPathSettings: [SwiftSetting] = [.unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))]

let package = Package(
    name: "Tocsin",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "tocsin", targets: ["tocsin"]),
        .executable(name: "tocsin-bench", targets: ["TocsinBench"]),
        .library(name: "TocsinDetection", targets: ["TocsinDetection"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
    ],
    targets: [
        .target(name: "TocsinCore"),
        .systemLibrary(name: "CZlib", path: "Sources/CZlib"),
        .target(
            name: "TocsinDetection",
            dependencies: ["TocsinCore", .product(name: "Yams", package: "Yams")],
            resources: [.copy("Resources/pipelines")],
            swiftSettings: hotPathSettings
        ),
        .target(
            name: "TocsinCommands",
            dependencies: [
                "TocsinCore", "TocsinDetection", "CZlib",
                "TocsinSimulation",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            resources: [.copy("Resources/starter-rules")],
            swiftSettings: hotPathSettings
        ),
        .target(name: "TocsinSimulation", dependencies: ["TocsinCore"], swiftSettings: hotPathSettings),
        .executableTarget(name: "tocsin", dependencies: ["TocsinCommands"]),
        .executableTarget(name: "TocsinBench", dependencies: ["TocsinCommands", "TocsinDetection"], path: "Benchmarks/TocsinBench"),
        .testTarget(name: "TocsinDetectionTests", dependencies: ["TocsinDetection", "TocsinCore"]),
        .testTarget(name: "TocsinSimulationTests", dependencies: ["TocsinSimulation", "TocsinCommands", "TocsinCore"]),
        .testTarget(name: "TocsinCommandsTests", dependencies: ["TocsinCommands", "TocsinDetection", "TocsinCore"]),
    ]
)
