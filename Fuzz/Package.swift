// swift-tools-version: 6.1
import PackageDescription

/// libFuzzer targets for Switchboard's decoders (docs/fuzzing.md). A package of its own so that the root package's
/// build and tests never need the sanitizers; `scripts/fuzz.sh` builds it with
/// `-sanitize=fuzzer,address` into `.build-fuzz/`.
let package = Package(
    name: "switchboard-fuzz",
    platforms: [.macOS(.v14)],
    dependencies: [.package(name: "switchboard", path: "..")],
    targets: [
        // Declares libFuzzer's `LLVMFuzzerRunDriver`, which the executable's own `main` calls.
        .target(name: "CFuzzerDriver"),
        .executableTarget(
            name: "switchboard-fuzz",
            dependencies: [
                "CFuzzerDriver",
                .product(name: "SwitchboardCore", package: "switchboard"),
                .product(name: "AdapterKit", package: "switchboard"),
                .product(name: "SwitchboardAdapters", package: "switchboard"),
                .product(name: "SwitchboardFuzzing", package: "switchboard"),
            ],
            swiftSettings: [.swiftLanguageMode(.v6), .enableUpcomingFeature("ExistentialAny")]
        ),
    ]
)
