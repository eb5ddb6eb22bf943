// swift-tools-version:6.2
// Pingan (平安): a smart social-governance and public-safety platform for a county or city.
import PackageDescription

let package = Package(
    name: "pingan",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "pingan", targets: ["PinganCLI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
        .package(url: "https://github.com/vapor/sql-kit.git", from: "3.36.0"),
        .package(url: "https://github.com/vapor/sqlite-kit.git", from: "4.5.2"),
        .package(url: "https://github.com/vapor/postgres-kit.git", from: "2.17.0"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.3"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/weichsel/ZIPFoundation.git", from: "0.9.20"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
    ],
    targets: [
        // Identifiers, geometry, errors, clock: no database, no HTTP.
        .target(name: "PinganKernel"),
        // One schema over SQLite (embedded default) and PostgreSQL (production).
        .target(
            name: "PinganStorage",
            dependencies: [
                "PinganKernel",
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "SQLiteKit", package: "sqlite-kit"),
                .product(name: "PostgresKit", package: "postgres-kit"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Users, roles, scopes, sessions and the hash-chained audit log.
        .target(
            name: "PinganAccess",
            dependencies: [
                "PinganKernel", "PinganStorage",
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // 网格: the grid tree (base data joins it in a later part).
        .target(
            name: "PinganGovernance",
            dependencies: [
                "PinganKernel", "PinganStorage", "PinganAccess",
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ]
        ),
        // 网格事件 · 调解: grid events from report to closure, mediation, KPIs and Open311.
        .target(
            name: "PinganCases",
            dependencies: [
                "PinganKernel", "PinganStorage", "PinganAccess",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // 智慧交管: signal timing and green waves; a pure library plus its store and SUMO I/O.
        .target(
            name: "PinganSignals",
            dependencies: ["PinganKernel", "PinganStorage", "PinganAccess", .product(name: "NIOPosix", package: "swift-nio")]
        ),
        // The HTTP server, web UI and the composition root.
        .target(
            name: "PinganServer",
            dependencies: [
                "PinganKernel", "PinganStorage", "PinganAccess", "PinganGovernance", "PinganCases", "PinganSignals",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            resources: [.copy("Public")]
        ),
        .executableTarget(
            name: "PinganCLI",
            dependencies: [
                "PinganKernel", "PinganStorage", "PinganAccess", "PinganGovernance", "PinganCases", "PinganServer", "PinganSignals",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Shared by the test targets: databases on both engines, demo fixtures, clocks.
        .target(
            name: "PinganTestSupport",
            dependencies: ["PinganKernel", "PinganStorage", "PinganAccess", "PinganGovernance", "PinganCases", "PinganServer"],
            path: "Tests/PinganTestSupport"
        ),
        .testTarget(name: "PinganKernelTests", dependencies: ["PinganKernel"]),
        .testTarget(name: "PinganStorageTests", dependencies: ["PinganStorage", "PinganTestSupport"]),
        .testTarget(name: "PinganAccessTests", dependencies: ["PinganAccess", "PinganStorage", "PinganTestSupport"]),
        .testTarget(name: "PinganGovernanceTests", dependencies: ["PinganGovernance", "PinganStorage", "PinganTestSupport"]),
        .testTarget(name: "PinganCasesTests", dependencies: ["PinganCases", "PinganKernel", "PinganStorage", "PinganTestSupport"]),
        .testTarget(name: "PinganSignalsTests", dependencies: ["PinganSignals", "PinganKernel"]),
        .testTarget(
            name: "PinganServerTests",
            dependencies: [
                "PinganServer", "PinganAccess", "PinganGovernance", "PinganStorage", "PinganSignals", "PinganTestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
