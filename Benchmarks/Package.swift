// swift-tools-version: 6.1
import PackageDescription

/// Benchmarks live in their own package so the main build and test run never compile the benchmark
/// tooling. Run: `cd Benchmarks && swift package --disable-sandbox benchmark`.
let package = Package(
    name: "SwitchboardBenchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "switchboard", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .target(
            name: "BenchmarkFixtures",
            dependencies: [
                .product(name: "SwitchboardCore", package: "switchboard"),
                .product(name: "AdapterKit", package: "switchboard"),
                .product(name: "SwitchboardAdapters", package: "switchboard"),
            ],
            path: "Support/BenchmarkFixtures",
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        // A plain loop for instruction-counting profilers (callgrind); see docs/performance.md.
        .executableTarget(
            name: "NormalizeProfile",
            dependencies: [
                "BenchmarkFixtures", .product(name: "SwitchboardCore", package: "switchboard"),
                .product(name: "AdapterKit", package: "switchboard"),
            ],
            path: "Profile/NormalizeProfile",
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        .executableTarget(
            name: "NormalizeBenchmarks",
            dependencies: [
                "BenchmarkFixtures",
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "SwitchboardCore", package: "switchboard"),
                .product(name: "AdapterKit", package: "switchboard"),
                .product(name: "SwitchboardAdapters", package: "switchboard"),
            ],
            path: "Benchmarks/NormalizeBenchmarks",
            swiftSettings: [.swiftLanguageMode(.v6)],
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ]
)
