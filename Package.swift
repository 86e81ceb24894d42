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
        .executable(name: "tocsin-loadbench", targets: ["TocsinLoadBench"]),
        .executable(name: "tocsin-alarmbench", targets: ["TocsinAlarmBench"]),
        .executable(name: "tocsin-statusbench", targets: ["TocsinStatusBench"]),
        .library(name: "TocsinDetection", targets: ["TocsinDetection"]),
        .library(name: "TocsinResponse", targets: ["TocsinResponse"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.0.0"),
        // TocsinStore: sqlite-nio vendors SQLite (same engine version on every machine, no system library; Tocsin
        // calls the vendored library, VaporCSQLite, directly); postgres-nio is the PostgreSQL client; swift-crypto
        // gives SHA-256 for the audit chain.
        .package(url: "https://github.com/vapor/sqlite-nio", from: "1.13.2"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.0.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.80.0"),
        // TocsinServer: bcrypt for people's passwords; only the HummingbirdBcrypt product is used.
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        // TocsinDelivery: TLS for the SMTP client (implicit TLS and STARTTLS), an HTTP client for webhooks, and
        // logic-less templates for messages in German and English.
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
    ],
    targets: [
        .target(name: "TocsinCore"),
        .systemLibrary(name: "CZlib", path: "Sources/CZlib"),
        .systemLibrary(name: "CMalloc", path: "Sources/CMalloc"),
        .target(name: "TocsinResponse", dependencies: ["TocsinCore"]),
        .target(
            name: "TocsinDelivery",
            dependencies: [
                "TocsinCore",
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"), .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            resources: [.copy("Resources/templates")]
        ),
        .target(
            name: "TocsinServer",
            dependencies: [
                "TocsinCore", "TocsinDetection", "TocsinResponse", "TocsinStore", "TocsinDelivery", "CZlib", "CMalloc",
                .product(name: "Yams", package: "Yams"), .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Crypto", package: "swift-crypto"), .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
            ]
        ),
        .target(
            name: "TocsinDetection",
            dependencies: ["TocsinCore", .product(name: "Yams", package: "Yams")],
            resources: [.copy("Resources/pipelines")],
            swiftSettings: hotPathSettings
        ),
        .target(
            name: "TocsinCommands",
            dependencies: [
                "TocsinCore", "TocsinDetection", "CZlib", "TocsinServer", "TocsinStore", "TocsinSimulation", "TocsinDelivery",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"), .product(name: "Logging", package: "swift-log"),
            ],
            resources: [.copy("Resources/rules")],
            swiftSettings: hotPathSettings
        ),
        .target(name: "TocsinSimulation", dependencies: ["TocsinCore"], swiftSettings: hotPathSettings),
        .executableTarget(name: "tocsin", dependencies: ["TocsinCommands"]),
        .executableTarget(name: "TocsinBench", dependencies: ["TocsinCommands", "TocsinDetection"], path: "Benchmarks/TocsinBench"),
        .target(
            name: "TocsinStore",
            dependencies: [
                "TocsinCore",
                .product(name: "SQLiteNIO", package: "sqlite-nio"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(name: "TocsinStoreCrashHelper", dependencies: ["TocsinStore"], path: "Tests/TocsinStoreCrashHelper"),
        .executableTarget(
            name: "TocsinLoadBench",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            path: "Benchmarks/TocsinLoadBench"),
        .executableTarget(name: "TocsinAlarmBench", path: "Benchmarks/TocsinAlarmBench", exclude: ["webhook_receiver.py"]),
        .executableTarget(name: "TocsinStatusBench", path: "Benchmarks/TocsinStatusBench"),
        .executableTarget(name: "TocsinStoreBench", dependencies: ["TocsinStore"], path: "Benchmarks/TocsinStoreBench"),
        .testTarget(name: "TocsinStoreTests", dependencies: ["TocsinStore", "TocsinCore"]),
        .testTarget(name: "TocsinDetectionTests", dependencies: ["TocsinDetection", "TocsinCore"]),
        .testTarget(name: "TocsinResponseTests", dependencies: ["TocsinResponse", "TocsinCore"]),
        .testTarget(
            name: "TocsinDeliveryTests",
            dependencies: [
                "TocsinDelivery", "TocsinCore",
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            // Helper programs the mail tests run (an aiosmtpd server, a MIME parser, a fake sendmail): not sources.
            exclude: ["Support/smtp_server.py", "Support/parse_mime.py", "Support/fake_sendmail.sh"]
        ),
        .testTarget(
            name: "TocsinServerTests",
            dependencies: [
                "TocsinServer", "TocsinCore", "TocsinResponse", "TocsinStore", "TocsinDetection", "TocsinDelivery",
                .product(name: "HummingbirdTesting", package: "hummingbird"), .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Yams", package: "Yams"),
            ],
            // The browser test's selenium script is run by the test, not compiled.
            exclude: ["Support/status_browser.py"]
        ),
        .testTarget(
            name: "TocsinCommandsTests",
            dependencies: ["TocsinCommands", "TocsinDetection", "TocsinCore", "TocsinServer", "TocsinStore"],
            // Rule-pack cases are data the tests read from the source tree, not resources.
            exclude: ["Fixtures"]),
        .testTarget(name: "TocsinSimulationTests", dependencies: ["TocsinSimulation", "TocsinCommands", "TocsinCore"]),
    ]
)
