import NIOCore
import NIOPosix

/// One connection to papod, plain or through TLS, in the assignment's framing: each payload
/// goes out with a 64-byte length header; the server's lines come back one by one.
public final class ChatConnection: Sendable {
    let channel: any Channel

    /// Connects and, with `tls`, completes the handshake (and so the certificate check, which may
    /// ask the user) before returning: nothing is sent before the server is trusted.
    /// - Throws: ``ServerTrustRefusal`` when the certificate was refused, ``TLSHandshakeError``
    ///   when the handshake failed otherwise, else why the connection failed.
    public static func connect(
        host: String, port: Int, tls: TLSConnector? = nil, group: any EventLoopGroup,
        onLine: @escaping @Sendable (String) -> Void,
        onClose: @escaping @Sendable () -> Void
    ) async throws -> ChatConnection {
        let loop = group.next()
        let attempt = TLSAttempt()
        let handshake = tls.map { _ in loop.makePromise(of: Void.self) }
        let channel: any Channel
        do {
            channel = try await ClientBootstrap(group: loop)
                .connectTimeout(.seconds(10))
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        let pipeline = channel.pipeline.syncOperations
                        if let tls, let handshake {
                            try pipeline.addHandlers(tls.makeHandlers(attempt: attempt, handshake: handshake))
                        }
                        try pipeline.addHandler(ServerLineHandler(onLine: onLine, onClose: onClose))
                    }
                }
                .connect(host: host, port: port).get()
        } catch {
            handshake?.fail(error)
            throw error
        }
        if let handshake {
            do {
                try await handshake.futureResult.get()
            } catch {
                channel.close(promise: nil)
                throw attempt.refusal ?? TLSHandshakeError(wrapping: error)
            }
        }
        return ChatConnection(channel: channel)
    }

    private init(channel: any Channel) {
        self.channel = channel
    }

    /// Sends one payload as one frame.
    public func send(_ payload: String) {
        let body = Array(payload.utf8)
        var buffer = self.channel.allocator.buffer(capacity: 64 + body.count)
        let length = String(body.count)
        buffer.writeString(length)
        buffer.writeRepeatingByte(UInt8(ascii: " "), count: 64 - length.utf8.count)
        buffer.writeBytes(body)
        self.channel.writeAndFlush(buffer, promise: nil)
    }

    public func close() {
        self.channel.close(promise: nil)
    }
}

/// Splits the server's bytes into lines; reports the end of the connection once.
final class ServerLineHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    private let onLine: @Sendable (String) -> Void
    private let onClose: @Sendable () -> Void
    private var pending: [UInt8] = []
    /// A server line longer than this is cut: a client must not grow without bound either.
    static let maxLineBytes = 64 * 1024

    init(onLine: @escaping @Sendable (String) -> Void, onClose: @escaping @Sendable () -> Void) {
        self.onLine = onLine
        self.onClose = onClose
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        for byte in Self.unwrapInboundIn(data).readableBytesView {
            if byte == UInt8(ascii: "\n") {
                self.deliverPending()
            } else if self.pending.count < Self.maxLineBytes {
                self.pending.append(byte)
            }
        }
    }

    private func deliverPending() {
        if self.pending.last == UInt8(ascii: "\r") { self.pending.removeLast() }
        self.onLine(String(decoding: self.pending, as: UTF8.self))
        self.pending.removeAll(keepingCapacity: true)
    }

    func channelInactive(context: ChannelHandlerContext) {
        if !self.pending.isEmpty { self.deliverPending() }
        self.onClose()
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}

@available(*, unavailable)
extension ServerLineHandler: Sendable {}
