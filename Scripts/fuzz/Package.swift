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
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        // The TLS door's certificate, made once at start-up as papod makes its self-signed one.
        .package(url: "https://github.com/apple/swift-certificates", from: "1.21.1"),
        .package(url: "https://github.com/apple/swift-asn1", from: "1.7.4"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
    ],
    targets: [
        .executableTarget(
            name: "PapoFuzz",
            dependencies: [
                .product(name: "PapoCore", package: "papo"),
                .product(name: "PapoServer", package: "papo"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        )
    ]
)
