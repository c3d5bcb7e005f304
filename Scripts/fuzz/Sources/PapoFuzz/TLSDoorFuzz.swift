import Crypto
import Foundation
import Logging
import NIOCore
import NIOEmbedded
import NIOSSL
import PapoCore
import PapoServer
import SwiftASN1
import X509

/// The TLS door's codec path for one input: papod's real TLS door (`NIOSSLServerHandler` and
/// the connection handler, through `Door.addHandlers`) in an `EmbeddedChannel`, on a fresh
/// `ChatServer` with a plain witness connected beside it. Either the bytes arrive raw, as from
/// a client that never did a handshake (so they are garbage handshake records), or an
/// in-memory `NIOSSLClientHandler` completes a real handshake first and then writes them as
/// plaintext, so the framing decoder and the chat core see them through TLS. Errors are
/// expected (alerts, closes); a trap is a bug.
enum TLSDoorFuzz {
    /// The server's and the client's contexts, made once: a key and certificate per input
    /// would spend the time on key generation rather than on papod's code.
    struct Material: Sendable {
        let serverContext: NIOSSLContext
        let clientContext: NIOSSLContext

        init() throws {
            let key = P256.Signing.PrivateKey()
            let name = try DistinguishedName { CommonName("localhost") }
            let certificate = try Certificate(
                version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: .init(key.publicKey),
                notValidBefore: Date() - 3600, notValidAfter: Date() + 86_400, issuer: name, subject: name,
                signatureAlgorithm: .ecdsaWithSHA256,
                extensions: try Certificate.Extensions {
                    Critical(BasicConstraints.notCertificateAuthority)
                    SubjectAlternativeNames([.dnsName("localhost")])
                },
                issuerPrivateKey: .init(key))
            var serializer = DER.Serializer()
            try serializer.serialize(certificate)
            var server = TLSConfiguration.makeServerConfiguration(
                certificateChain: [
                    .certificate(try NIOSSLCertificate(bytes: serializer.serializedBytes, format: .der))
                ],
                privateKey: .privateKey(try NIOSSLPrivateKey(bytes: Array(key.pemRepresentation.utf8), format: .pem)))
            server.minimumTLSVersion = .tlsv12
            self.serverContext = try NIOSSLContext(configuration: server)
            var client = TLSConfiguration.makeClientConfiguration()
            client.certificateVerification = .none
            self.clientContext = try NIOSSLContext(configuration: client)
        }
    }

    static let material: Material = {
        do {
            return try Material()
        } catch {
            fatalError("the fuzzer cannot make its TLS certificate: \(error)")
        }
    }()

    private static let clientAddress = try? SocketAddress(ipAddress: "10.0.0.1", port: 40_001)
    private static let witnessAddress = try? SocketAddress(ipAddress: "10.0.0.2", port: 40_002)
    private static let serverAddress = try? SocketAddress(ipAddress: "10.0.0.3", port: 5051)

    /// Runs `bytes`, `chunk` bytes at a time, into a TLS door: raw, or as plaintext after a
    /// completed handshake when `afterHandshake`.
    static func run(_ bytes: ArraySlice<UInt8>, chunk: Int, afterHandshake: Bool) {
        let loop = EmbeddedEventLoop()
        let server = ChatServer(
            configuration: ServerConfiguration(
                host: "127.0.0.1", port: 0, limits: FramingLimits(maxFrameBytes: 4096, maxLineBytes: 1024),
                now: { PapoFuzzClock.date }),
            logger: Logger(label: "fuzz", factory: { _ in SwiftLogNoOpLogHandler() }))
        let witness = EmbeddedChannel(loop: loop)
        let tls = EmbeddedChannel(loop: loop)
        let client = EmbeddedChannel(loop: loop)
        defer {
            for channel in [client, tls, witness] {
                _ = try? channel.finish(acceptAlreadyClosed: true)
            }
            try? loop.syncShutdownGracefully()
        }
        do {
            try Door.assignment(host: "127.0.0.1", port: 0).addHandlers(to: witness, server: server)
            try Door.assignmentTLS(host: "127.0.0.1", port: 0, context: Self.material.serverContext)
                .addHandlers(to: tls, server: server)
        } catch {
            preconditionFailure("the doors' handlers could not be added: \(error)")
        }
        if let witnessAddress { witness.connect(to: witnessAddress, promise: nil) }
        if let clientAddress { tls.connect(to: clientAddress, promise: nil) }
        loop.run()

        if afterHandshake {
            do {
                try client.pipeline.syncOperations.addHandler(
                    try NIOSSLClientHandler(context: Self.material.clientContext, serverHostname: nil))
            } catch {
                preconditionFailure("the TLS client could not be set up: \(error)")
            }
            if let serverAddress { client.connect(to: serverAddress, promise: nil) }
            // Before any fuzz byte: a handshake that fails here means the harness tests nothing.
            let welcome = Self.shuttle(client, tls, loop: loop)
            precondition(
                String(decoding: welcome, as: UTF8.self).hasPrefix("-!- Welcome to "),
                "no welcome through TLS after the handshake: \(welcome)")
        }

        var offset = bytes.startIndex
        while offset < bytes.endIndex && tls.isActive {
            let end = min(bytes.endIndex, offset + chunk)
            let buffer = ByteBuffer(bytes: bytes[offset..<end])
            offset = end
            if afterHandshake {
                guard client.isActive else { break }
                client.writeAndFlush(buffer, promise: nil)
                Self.shuttle(client, tls, loop: loop)
            } else {
                _ = try? tls.writeInbound(buffer)
                loop.run()
                _ = Self.drainOutbound(tls)
            }
            Self.checkWitness(witness)
        }
        if afterHandshake && client.isActive {
            // close_notify and the server's goodbye, through TLS.
            client.close(promise: nil)
            Self.shuttle(client, tls, loop: loop)
        }
        loop.run()
        Self.checkWitness(witness)
    }

    /// Moves bytes between the two ends until neither has anything left to send, and returns
    /// what the client's TLS handler decrypted (papod's lines).
    @discardableResult
    private static func shuttle(
        _ client: EmbeddedChannel, _ server: EmbeddedChannel, loop: EmbeddedEventLoop
    ) -> [UInt8] {
        var received: [UInt8] = []
        for _ in 0..<256 {
            loop.run()
            let toServer = Self.drainOutbound(client)
            for buffer in toServer { _ = try? server.writeInbound(buffer) }
            loop.run()
            let toClient = Self.drainOutbound(server)
            for buffer in toClient { _ = try? client.writeInbound(buffer) }
            while let buffer = (try? client.readInbound(as: ByteBuffer.self)) ?? nil {
                received += buffer.readableBytesView
            }
            if toServer.isEmpty && toClient.isEmpty { break }
        }
        return received
    }

    private static func drainOutbound(_ channel: EmbeddedChannel) -> [ByteBuffer] {
        var buffers: [ByteBuffer] = []
        while let buffer = (try? channel.readOutbound(as: ByteBuffer.self)) ?? nil {
            buffers.append(buffer)
        }
        return buffers
    }

    /// What the plain witness in the same room is sent never carries a control character
    /// other than the line feed and tab, whatever came through TLS.
    private static func checkWitness(_ witness: EmbeddedChannel) {
        for buffer in Self.drainOutbound(witness) {
            let text = String(buffer: buffer)
            precondition(
                !text.unicodeScalars.contains {
                    ($0.value < 0x20 && $0 != "\t" && $0 != "\n") || (0x7F...0x9F).contains($0.value)
                },
                "the witness was sent a control character: \(text.debugDescription)")
        }
    }
}
