import Foundation
import NIOCore
import NIOEmbedded
import NIOSSL
import PapoTLS
import PapoTestSupport
import Testing

@Suite("ServerTLS")
struct ServerTLSTests {
    /// Runs a TLS handshake between a server using `context` and a client that accepts any certificate, in memory,
    /// and returns the leaf the client was shown.
    static func presentedLeaf(serverContext: NIOSSLContext) throws -> [UInt8]? {
        var clientConfiguration = TLSConfiguration.makeClientConfiguration()
        clientConfiguration.certificateVerification = .none
        let clientContext = try NIOSSLContext(configuration: clientConfiguration)
        let loop = EmbeddedEventLoop()
        let server = EmbeddedChannel(handler: NIOSSLServerHandler(context: serverContext), loop: loop)
        let client = EmbeddedChannel(
            handler: try NIOSSLClientHandler(context: clientContext, serverHostname: nil),
            loop: loop
        )
        let address = try SocketAddress(ipAddress: "127.0.0.1", port: 1)
        _ = server.connect(to: address)
        _ = client.connect(to: address)

        // Passes bytes both ways until neither side has more to say.
        func exchange() throws {
            var isMoving = true
            while isMoving {
                isMoving = false
                loop.run()
                if let bytes = try client.readOutbound(as: ByteBuffer.self) {
                    try server.writeInbound(bytes)
                    isMoving = true
                }
                if let bytes = try server.readOutbound(as: ByteBuffer.self) {
                    try client.writeInbound(bytes)
                    isMoving = true
                }
            }
        }
        // Closed with close_notify both ways and no waiting: `finish()` would block on a close future that only
        // the peer's reply completes.
        defer {
            client.close(promise: nil)
            try? exchange()
            server.close(promise: nil)
            try? exchange()
        }

        try exchange()
        let handler = try client.pipeline.syncOperations.handler(type: NIOSSLClientHandler.self)
        return try handler.peerCertificate?.toDERBytes()
    }

    @Test("a fixed pair is served with TLS 1.2 at least")
    func fixedPair() throws {
        let directory = try TemporaryDirectory()
        let identity = try TestIdentity()
        let paths = try directory.write(identity)
        let loaded = try TLSCertificateFiles.load(certificatePath: paths.certificate, keyPath: paths.key, now: Date())

        let configuration = ServerTLS.makeConfiguration(loaded: loaded)

        #expect(configuration.minimumTLSVersion == .tlsv12)
        #expect(configuration.certificateChain == loaded.certificateChain.map { .certificate($0) })
        #expect(configuration.privateKey == .privateKey(loaded.privateKey))
        #expect(try Self.presentedLeaf(serverContext: ServerTLS.makeContext(loaded: loaded)) == identity.certificateDER)
    }

    @Test("with a reloader, the next handshake after a reload presents the new certificate")
    func reloadedPairIsPresented() throws {
        let directory = try TemporaryDirectory()
        let first = try TestIdentity()
        let paths = try directory.write(first)
        let initial = try TLSCertificateFiles.load(certificatePath: paths.certificate, keyPath: paths.key, now: Date())
        let reloader = CertificateFileReloader(
            certificatePath: paths.certificate,
            keyPath: paths.key,
            initial: initial,
            logger: LogRecorder().logger
        )
        let configuration = ServerTLS.makeConfiguration(reloader: reloader)
        #expect(configuration.minimumTLSVersion == .tlsv12)
        #expect(configuration.sslContextCallback != nil)
        let context = try ServerTLS.makeContext(reloader: reloader)
        #expect(try Self.presentedLeaf(serverContext: context) == first.certificateDER)

        let second = try TestIdentity(kind: .p384)
        try directory.write(second)
        try reloader.reloadNow()

        // The same context, built before the reload, now presents the new pair.
        #expect(try Self.presentedLeaf(serverContext: context) == second.certificateDER)
    }
}
