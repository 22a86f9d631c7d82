// swift-tools-version: 6.1
import PackageDescription

/// One set of compiler settings for every target: Swift 6 language mode (strict concurrency)
/// plus `ExistentialAny`, so every existential is spelled `any P`.
let swiftSettings: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
]

/// Adapter targets: pure, depending only on the canonical model and AdapterKit.
let adapterNames: [(target: String, path: String)] = [
    ("MetaAdapter", "adapters/Meta"),
    ("Dialog360Adapter", "adapters/Dialog360"),
    ("TelegramAdapter", "adapters/Telegram"),
    ("TwilioAdapter", "adapters/Twilio"),
    ("VonageAdapter", "adapters/Vonage"),
    ("MessageBirdAdapter", "adapters/MessageBird"),
    ("EmailAdapter", "adapters/Email"),
]

let adapterTargets: [Target] = adapterNames.map { adapter in
    .target(
        name: adapter.target,
        dependencies: ["SwitchboardCore", "AdapterKit"],
        path: adapter.path,
        exclude: ["README.md"],
        swiftSettings: swiftSettings
    )
}

let package = Package(
    name: "switchboard",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "switchboard", targets: ["switchboard"]),
        .library(name: "SwitchboardCore", targets: ["SwitchboardCore"]),
        .library(name: "AdapterKit", targets: ["AdapterKit"]),
        .library(name: "SwitchboardAdapters", targets: ["SwitchboardAdapters"]),
        // What the libFuzzer targets in Fuzz/ link besides the libraries above (docs/fuzzing.md).
        .library(name: "SwitchboardFuzzing", targets: ["SwitchboardFixtures", "EmailAdapter"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.0.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.3"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
    ],
    targets: [
        // The canonical model; swift-crypto gives the SHA-256 of its event ids.
        .target(
            name: "SwitchboardCore", dependencies: [.product(name: "Crypto", package: "swift-crypto")], swiftSettings: swiftSettings),
        .target(name: "SwitchboardTransport", dependencies: ["SwitchboardCore"], swiftSettings: swiftSettings),
        // The account ledger's values and pure transitions (money, holds, counters, templates, account status).
        .target(name: "SwitchboardLedger", dependencies: ["SwitchboardCore"], swiftSettings: swiftSettings),
        .target(name: "SwitchboardPolicy", dependencies: ["SwitchboardCore", "SwitchboardLedger"], swiftSettings: swiftSettings),
        .target(
            name: "SwitchboardQueue",
            dependencies: [
                "SwitchboardCore", "AdapterKit", "SwitchboardTransport",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // libcurl: the system library, a C shim for its variadic calls, and the transport built on them.
        .systemLibrary(name: "CCurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        .target(name: "CCurlShim", dependencies: ["CCurl"]),
        .target(
            name: "SwitchboardCurl",
            dependencies: ["SwitchboardCore", "SwitchboardTransport", "CCurl", "CCurlShim"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "AdapterKit",
            dependencies: ["SwitchboardCore", .product(name: "Crypto", package: "swift-crypto")],
            path: "adapters/AdapterKit",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "SwitchboardAdapters",
            dependencies: ["SwitchboardCore", "AdapterKit"] + adapterNames.map { .target(name: $0.target) },
            swiftSettings: swiftSettings
        ),
        .target(
            name: "SwitchboardFixtures",
            dependencies: ["SwitchboardCore", "AdapterKit", "SwitchboardAdapters"],
            swiftSettings: swiftSettings
        ),
        .systemLibrary(
            name: "CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"]), .brew(["sqlite"])]
        ),
        .target(
            name: "SwitchboardStore",
            dependencies: [
                "SwitchboardCore", "SwitchboardQueue", "SwitchboardLedger", "CSQLite", .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // The PostgreSQL store: its own target (postgres-nio stays out of the store and queue targets); `serve`
        // links it so that one binary runs on either store.
        .target(
            name: "SwitchboardPostgres",
            dependencies: [
                "SwitchboardCore", "SwitchboardQueue", "SwitchboardStore", "SwitchboardLedger",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "SwitchboardServer",
            dependencies: [
                "SwitchboardCore", "AdapterKit", "SwitchboardAdapters", "SwitchboardStore", "SwitchboardPostgres", "SwitchboardTransport",
                "SwitchboardQueue", "SwitchboardPolicy", "SwitchboardLedger", "SwitchboardMockFaults",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Yams", package: "Yams"),
            ],
            // The agent API's OpenAPI document, compiled into the binary (`GET /openapi.json`).
            resources: [.embedInCode("SendAPI/openapi.yaml")],
            swiftSettings: swiftSettings
        ),
        // The mock provider's fault plan (a value with its spec and JSON forms): `mock_provider.faults` in the
        // configuration is read into it without linking the mock provider itself.
        .target(name: "SwitchboardMockFaults", dependencies: ["SwitchboardCore"], swiftSettings: swiftSettings),
        .target(
            name: "SwitchboardMockProvider",
            dependencies: [
                "SwitchboardCore", "AdapterKit", "SwitchboardMockFaults",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "switchboard",
            dependencies: [
                "SwitchboardCore", "AdapterKit", "SwitchboardAdapters", "SwitchboardFixtures", "SwitchboardServer",
                "SwitchboardMockProvider", "SwitchboardStore", "SwitchboardTransport", "SwitchboardCurl",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "TestSupport",
            dependencies: [
                "SwitchboardCore", "SwitchboardQueue", "AdapterKit", "SwitchboardAdapters", "SwitchboardFixtures", "SwitchboardTransport",
            ],
            path: "Tests/TestSupport",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "SwitchboardCurlTests",
            dependencies: ["SwitchboardCurl", "SwitchboardTransport", "TestSupport"],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "dispatch-load",
            dependencies: [
                "SwitchboardQueue", "SwitchboardStore", "SwitchboardCurl", "SwitchboardMockProvider", "SwitchboardAdapters", "AdapterKit",
                "SwitchboardTransport",
                .product(name: "Logging", package: "swift-log"), .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            path: "Benchmarks/dispatch",
            exclude: ["README.md", "per-thread-cpu.py"],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "accept-load",
            dependencies: [
                "SwitchboardServer", "SwitchboardStore", "SwitchboardQueue", "SwitchboardPolicy", "SwitchboardLedger", "SwitchboardCore",
                "SwitchboardAdapters", "SwitchboardTransport", "AdapterKit", "TestSupport", "SwitchboardPostgres",
                .product(name: "Hummingbird", package: "hummingbird"), .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Benchmarks/accept",
            exclude: ["README.md"],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "postgres-load",
            dependencies: ["SwitchboardCore", "SwitchboardPostgres", "SwitchboardQueue", "SwitchboardStore"],
            path: "Benchmarks/postgres",
            exclude: ["README.md"],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "transport-load",
            dependencies: ["SwitchboardCurl", "SwitchboardTransport", "TestSupport"],
            path: "Benchmarks/transport",
            exclude: ["README.md"],
            swiftSettings: swiftSettings
        ),
        // The chaos run (several `switchboard serve` processes, kill -9, provider faults): the library the test
        // target `ChaosTests` and the benchmark `chaos-load` share.
        .target(
            name: "ChaosSupport",
            dependencies: [
                "TestSupport", "SwitchboardCore", "SwitchboardCurl", "SwitchboardTransport", "SwitchboardMockProvider",
                "SwitchboardMockFaults", "SwitchboardServer", "SwitchboardStore", "SwitchboardPostgres", "SwitchboardQueue", "AdapterKit",
                .product(name: "PostgresNIO", package: "postgres-nio"), .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/ChaosSupport",
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "chaos-load",
            dependencies: ["ChaosSupport"],
            path: "Benchmarks/chaos",
            exclude: ["README.md"],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "rate-limit-load",
            dependencies: [
                "ChaosSupport", "SwitchboardCore", "SwitchboardPostgres", "SwitchboardQueue",
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ],
            path: "Benchmarks/ratelimit",
            exclude: ["README.md"],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "ChaosTests", dependencies: ["ChaosSupport", "TestSupport"], swiftSettings: swiftSettings),
        .testTarget(
            name: "SwitchboardCoreTests", dependencies: ["SwitchboardCore", "TestSupport"], exclude: ["JSONTestSuite"],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "SwitchboardPolicyTests", dependencies: ["SwitchboardPolicy", "SwitchboardLedger"], swiftSettings: swiftSettings),
        .testTarget(
            name: "SwitchboardLedgerTests",
            dependencies: ["SwitchboardLedger", "MetaAdapter", "Dialog360Adapter", "AdapterKit", "TestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "SwitchboardQueueTests",
            dependencies: [
                "SwitchboardQueue", "SwitchboardStore", "SwitchboardTransport", "AdapterKit", "SwitchboardAdapters", "TestSupport",
                "SwitchboardCurl", "SwitchboardMockProvider", .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "AdapterKitTests", dependencies: ["AdapterKit", "TestSupport"], swiftSettings: swiftSettings),
        .testTarget(name: "MetaAdapterTests", dependencies: ["MetaAdapter", "TestSupport"], swiftSettings: swiftSettings),
        .testTarget(name: "Dialog360AdapterTests", dependencies: ["Dialog360Adapter", "TestSupport"], swiftSettings: swiftSettings),
        .testTarget(name: "TelegramAdapterTests", dependencies: ["TelegramAdapter", "TestSupport"], swiftSettings: swiftSettings),
        .testTarget(name: "TwilioAdapterTests", dependencies: ["TwilioAdapter", "TestSupport"], swiftSettings: swiftSettings),
        .testTarget(name: "VonageAdapterTests", dependencies: ["VonageAdapter", "TestSupport"], swiftSettings: swiftSettings),
        .testTarget(
            name: "MessageBirdAdapterTests", dependencies: ["MessageBirdAdapter", "TestSupport"],
            exclude: ["jwt-reference-vectors.json"], swiftSettings: swiftSettings),
        .testTarget(name: "EmailAdapterTests", dependencies: ["EmailAdapter", "TestSupport"], swiftSettings: swiftSettings),
        .testTarget(
            name: "SwitchboardStoreTests",
            dependencies: ["SwitchboardStore", "SwitchboardCore", "SwitchboardLedger", "SwitchboardQueue", "TestSupport"],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "EventStoreContractTests",
            dependencies: [
                "SwitchboardStore", "SwitchboardPostgres", "SwitchboardCore", "TestSupport", "SwitchboardQueue", "SwitchboardCurl",
                "SwitchboardMockProvider", "SwitchboardAdapters", "AdapterKit", "SwitchboardTransport",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "SwitchboardServerTests",
            dependencies: [
                "SwitchboardServer", "SwitchboardStore", "SwitchboardPostgres", "SwitchboardCore", "AdapterKit", "SwitchboardTransport",
                "SwitchboardCurl", "MetaAdapter",
                "TestSupport", "SwitchboardQueue", "SwitchboardPolicy", "SwitchboardLedger", "SwitchboardMockProvider",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "SwitchboardMockProviderTests",
            dependencies: [
                "SwitchboardMockProvider", "SwitchboardCore", "SwitchboardTransport", "SwitchboardCurl", "AdapterKit",
                "SwitchboardAdapters",
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "FixtureReplayTests",
            dependencies: ["SwitchboardFixtures", "SwitchboardAdapters", "TestSupport"],
            swiftSettings: swiftSettings
        ),
    ] + adapterTargets
)
