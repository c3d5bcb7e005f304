import NIOCore
import NIOHTTP1
import NIOHTTPCompression
import NIOSSL
import NIOWebSocket
import PapoCore

/// The browser door's settings: its ports and the origins allowed besides its own.
public struct WebSettings: Sendable, Equatable {
    public static let defaultPort = 8080
    public static let defaultSecurePort = 8443

    /// The HTTP port (page, assets, `/ws`); 0 picks a free one.
    public var port: Int
    /// The HTTPS port, used when papod has a certificate; 0 picks a free one.
    public var securePort: Int
    public var origins: OriginPolicy
    /// Who may read `/metrics` besides this machine (loopback always may).
    public var metricsFrom: [AddressBlock]

    public init(
        port: Int = Self.defaultPort, securePort: Int = Self.defaultSecurePort, origins: OriginPolicy = OriginPolicy(),
        metricsFrom: [AddressBlock] = []
    ) {
        self.port = port
        self.securePort = securePort
        self.origins = origins
        self.metricsFrom = metricsFrom
    }
}

extension Door {
    /// The web client and its WebSocket (`/ws`) on one HTTP port (8080).
    public static func web(host: String, port: Int, settings: WebSettings) -> Door {
        Door(
            name: "web", host: host, port: port, portOption: "--http-port", listeningMessage: "papod serving the web client on",
            isSecure: false, connectionAllocator: ByteBufferAllocator()
        ) { channel, server in
            try WebPipeline.configure(channel, server: server, settings: settings, isSecure: false)
        }
    }

    /// The same inside TLS (8443), with the assignment TLS door's certificate; the page then
    /// uses `wss:`.
    public static func webTLS(host: String, port: Int, context: NIOSSLContext, settings: WebSettings) -> Door {
        Door(
            name: "web TLS", host: host, port: port, portOption: "--https-port",
            listeningMessage: "papod serving the web client over TLS on", isSecure: true,
            connectionAllocator: ByteBufferAllocator()
        ) { channel, server in
            try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: context))
            try WebPipeline.configure(channel, server: server, settings: settings, isSecure: true)
        }
    }
}

/// An HTTP/1.1 connection that serves the page and may become a chat connection by upgrading
/// `/ws` to a WebSocket (`WebSocketUpgrader`). After the upgrade only `WebSocketChatHandler`
/// remains.
enum WebPipeline {
    /// Handlers that serve HTTP only, removed by name when the connection upgrades.
    private static let httpOnlyHandlers = ["papo.web.idle", "papo.web.gzip", "papo.web.page"]

    static func configure(_ channel: any Channel, server: ChatServer, settings: WebSettings, isSecure: Bool) throws {
        let upgrader = WebSocketUpgrader(server: server, origins: settings.origins, isSecure: isSecure)
        let sync = channel.pipeline.syncOperations
        // One read per readiness event while the request arrives. NIO keeps a connection's read
        // buffers for reuse, up to one per read of an event; a request larger than the first
        // small buffer is read in two while the HTTP decoder still holds the first, and NIO
        // would then keep both buffers and a table of them for the connection's life, half a
        // kilobyte for every idle browser. With one read per event the extra buffer is not kept.
        try channel.syncOptions?.setOption(.maxMessagesPerRead, value: 1)
        try sync.configureHTTPServerPipeline(
            withServerUpgrade: (
                upgraders: [upgrader],
                completionHandler: { context in
                    for name in Self.httpOnlyHandlers {
                        context.pipeline.syncOperations.removeHandler(name: name, promise: nil)
                    }
                    try? context.channel.syncOptions?.setOption(.maxMessagesPerRead, value: DoorListener.messagesPerRead)
                }
            ))
        // An HTTP connection silent for the silent deadline is closed, as a chat connection that
        // never speaks is (a WebSocket then answers to the chat's own deadlines).
        let silence = server.configuration.connectionLimits.silentDeadline
        if silence > 0 {
            try sync.addHandler(ArrivalDeadlineHandler(server: server, rule: .silence, deadline: silence), name: "papo.web.idle")
        }
        try sync.addHandler(
            HTTPResponseCompressor(responseCompressionPredicate: Self.compressesWhenItHelps), name: "papo.web.gzip")
        try sync.addHandler(WebPageHandler(server: server, settings: settings), name: "papo.web.page")
    }

    /// Text assets of a kilobyte or more: smaller ones, and images, gain nothing from gzip.
    @Sendable
    static func compressesWhenItHelps(_ head: inout HTTPResponseHead, _ isSupported: Bool) -> HTTPResponseCompressor.CompressionIntent {
        let type = head.headers.first(name: "Content-Type") ?? ""
        let length = head.headers.first(name: "Content-Length").flatMap(Int.init) ?? 0
        let isText = type.hasPrefix("text/") || type.hasPrefix("application/json")
        return isText && length >= 1024 ? .compressIfPossible : .doNotCompress
    }
}

