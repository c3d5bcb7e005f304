// swift-tools-version: 6.1
// The libFuzzer target, kept out of the main package: it has no main of its own (libFuzzer
// provides it) and must be built with -sanitize=fuzzer. Run it with Scripts/fuzz.sh.
import PackageDescription

let package = Package(
    name: "papo-fuzz",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "papo", path: "../.."),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
    ],
    targets: [
        .executableTarget(
            name: "PapoFuzz",
            dependencies: [
                .product(name: "PapoCore", package: "papo"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        )
    ]
)
