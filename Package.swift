// swift-tools-version: 6.1
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "papo",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "papod", targets: ["papod"]),
        .executable(name: "papoctl", targets: ["papoctl"]),
        .executable(name: "papo", targets: ["papo"]),
        .executable(name: "papo-bench", targets: ["papo-bench"]),
        .library(name: "PapoCore", targets: ["PapoCore"]),
        .library(name: "PapoServer", targets: ["PapoServer"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-certificates", from: "1.21.1"),
        // X509's parsing initialisers live in SwiftASN1, which member-import visibility makes us import.
        .package(url: "https://github.com/apple/swift-asn1", from: "1.7.4"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", from: "0.2.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
    ],
    targets: [
        // Chat domain: framing, sanitising, nicks and rooms, the command table, chat state.
        // No sockets: it may use NIOCore's ByteBuffer, never NIOPosix.
        .target(
            name: "PapoCore",
            dependencies: [.product(name: "NIOCore", package: "swift-nio")],
            swiftSettings: swiftSettings
        ),
        // SwiftNIO transport: listener, pipeline handlers, delivery to connections.
        .target(
            name: "PapoServer",
            dependencies: [
                "PapoCore",
                "CSendBatch",
                "PapoControl",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOExtras", package: "swift-nio-extras"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
                .product(name: "NIOHTTPCompression", package: "swift-nio-extras"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            // The web client, compiled in: papod needs no files beside it to serve its page.
            resources: [
                .embedInCode("Doors/Web/Page/index.html"),
                .embedInCode("Doors/Web/Page/app.js"),
                .embedInCode("Doors/Web/Page/i18n.js"),
                .embedInCode("Doors/Web/Page/style.css"),
                .embedInCode("Doors/Web/Page/favicon.svg"),
            ],
            swiftSettings: swiftSettings
        ),
        // TLS material shared by papod, papo and papo-bench: certificate files checked and
        // reloaded, the self-signed pair, fingerprints.
        .target(
            name: "PapoTLS",
            dependencies: [
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOCertificateReloading", package: "swift-nio-extras"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        // The control-socket protocol shared by papod and papoctl: JSON lines.
        .target(
            name: "PapoControl",
            dependencies: ["PapoCore"],
            swiftSettings: swiftSettings
        ),
        // SQLite (through GRDB, on the system's libsqlite3): what papod keeps across restarts,
        // written in batches on the store's own thread.
        .target(
            name: "PapoStore",
            dependencies: [
                "PapoCore",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        // Batched socket sends through io_uring for the opt-in `--direct-send` (raw system
        // calls; nothing to install).
        .target(name: "CSendBatch", path: "Sources/CSendBatch"),
        // GNU readline (Debian's libreadline-dev), linked directly: see Sources/CReadline.
        .systemLibrary(name: "CReadline", path: "Sources/CReadline"),
        // A Swift line editor over readline: prompt, history, completion, output above the prompt.
        .target(
            name: "LineEditor",
            dependencies: ["CReadline", .product(name: "NIOConcurrencyHelpers", package: "swift-nio")],
            swiftSettings: swiftSettings
        ),
        // papod's operator console: readline prompt, log lines above it, shutdown confirmation.
        .target(
            name: "PapoConsole",
            dependencies: [
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                "PapoServer",
                "PapoCore",
                "LineEditor",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        // papod as a library: one configuration value in, the whole server (store, doors,
        // control socket, console) running; papod's main and the tests both call it.
        .target(
            name: "PapoApplication",
            dependencies: [
                "PapoServer",
                "PapoStore",
                "PapoConsole",
                "PapoTLS",
                "LineEditor",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "papod",
            dependencies: [
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                "PapoApplication",
                "PapoTLS",
                "PapoServer",
                "PapoStore",
                "PapoConsole",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "papoctl",
            dependencies: [
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                "PapoControl",
                "PapoCore",
                "LineEditor",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),
        // The end-user client: session tracking, colours, reconnection, TLS with trust on first
        // use; on LineEditor, NIO and NIOSSL.
        .target(
            name: "PapoClient",
            dependencies: [
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                "PapoCore",
                "PapoTLS",
                "LineEditor",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOTLS", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "papo",
            dependencies: [
                "PapoClient",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),
        // The load generator's bookkeeping with no I/O: options (and their command line),
        // tokens, line splitting, delivery accounting, the report.
        .target(
            name: "PapoBenchCore",
            dependencies: [
                "PapoCore",
                .product(name: "Histogram", package: "hdrhistogram-swift"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),
        // The load generator's engine: SwiftNIO clients on one event loop.
        .target(
            name: "PapoBench",
            dependencies: [
                "PapoBenchCore",
                "PapoTLS",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "papo-bench",
            dependencies: [
                "PapoBench",
                "PapoBenchCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),
        // Helpers for tests only: an in-process server on port 0 and socket clients.
        .target(
            name: "PapoTestSupport",
            dependencies: [
                "PapoServer",
                "PapoApplication",
                "PapoStore",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PapoCoreTests",
            dependencies: ["PapoCore", .product(name: "NIOCore", package: "swift-nio")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PapoServerTests",
            dependencies: [
                "PapoServer",
                "PapoCore",
                "CSendBatch",
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOTestUtils", package: "swift-nio"),
                .product(name: "NIOTLS", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PapoStoreTests",
            dependencies: [
                "PapoStore",
                "PapoCore",
                "PapoTestSupport",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PapoTLSTests",
            dependencies: [
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                "PapoTLS",
                "PapoTestSupport",
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PapoClientTests",
            dependencies: ["PapoClient", "PapoTLS"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PapoConsoleTests",
            dependencies: ["PapoConsole", "PapoCore"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PapoBenchCoreTests",
            dependencies: [
                "PapoBenchCore",
                "PapoCore",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "LineEditorTests",
            dependencies: ["LineEditor", .product(name: "NIOConcurrencyHelpers", package: "swift-nio")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "IntegrationTests",
            dependencies: [
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                "PapoTestSupport",
                "PapoServer",
                "PapoCore",
                // Builds the binaries so subprocess tests can run them.
                "papod",
                "papoctl",
                "papo",
                "PapoControl",
                "PapoStore",
                "PapoBench",
                "PapoBenchCore",
                "PapoClient",
                "PapoTLS",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
    ]
)
