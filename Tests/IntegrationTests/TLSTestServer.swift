import NIOCore
import NIOPosix
import NIOSSL
import Synchronization

/// A small TLS server on 127.0.0.1 and a free port: it says `welcome` to each connection once
/// the handshake is done and `ok` to each read, or, given a plain port, passes the decrypted
/// bytes both ways to it, which puts TLS in front of the in-process chat server. Its certificate can be swapped
/// between connections, to play a server whose certificate changed on the same host and port.
final class TLSTestServer: Sendable {
    let port: Int
    private let channel: any Channel
    private let context: CurrentContext

    private init(port: Int, channel: any Channel, context: CurrentContext) {
        self.port = port
        self.channel = channel
        self.context = context
    }

    static func start(context: NIOSSLContext, forwardingTo plainPort: Int? = nil) async throws -> TLSTestServer {
        let box = CurrentContext(context)
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let sync = channel.pipeline.syncOperations
                    try sync.addHandler(NIOSSLServerHandler(context: box.value))
                    if let plainPort {
                        try sync.addHandler(ForwardingHandler(port: plainPort))
                    } else {
                        try sync.addHandler(GreetingHandler())
                    }
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        guard let port = channel.localAddress?.port else { throw ChannelError.unknownLocalAddress }
        return TLSTestServer(port: port, channel: channel, context: box)
    }

    /// Later connections get `context`'s certificate.
    func present(_ context: NIOSSLContext) {
        self.context.value = context
    }

    func stop() async throws {
        try await self.channel.close()
    }
}

/// The context new connections get.
private final class CurrentContext: Sendable {
    private let mutex: Mutex<NIOSSLContext>

    init(_ context: NIOSSLContext) {
        self.mutex = Mutex(context)
    }

    var value: NIOSSLContext {
        get { self.mutex.withLock { $0 } }
        set { self.mutex.withLock { $0 = newValue } }
    }
}

/// Greets, then answers each read with `ok`.
private final class GreetingHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    func channelActive(context: ChannelHandlerContext) {
        context.writeAndFlush(self.wrapOutboundOut(ByteBuffer(string: "welcome\n")), promise: nil)
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        context.writeAndFlush(self.wrapOutboundOut(ByteBuffer(string: "ok\n")), promise: nil)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}

/// The TLS side of a forwarded connection: opens the plain one on the same loop, holds what
/// arrives before it is up, and closes each side when the other closes.
private final class ForwardingHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    private let port: Int
    private var plain: (any Channel)?
    private var pending: [ByteBuffer] = []

    init(port: Int) {
        self.port = port
    }

    func channelActive(context: ChannelHandlerContext) {
        let front = context.channel
        let bound = NIOLoopBound(context, eventLoop: context.eventLoop)
        ClientBootstrap(group: context.eventLoop)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(BackHandler(front: front))
                }
            }
            .connect(host: "127.0.0.1", port: self.port).assumeIsolated().whenComplete { result in
                switch result {
                case .success(let channel):
                    self.plain = channel
                    for buffer in self.pending { channel.write(buffer, promise: nil) }
                    channel.flush()
                    self.pending = []
                case .failure:
                    bound.value.close(promise: nil)
                }
            }
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let buffer = Self.unwrapInboundIn(data)
        if let plain = self.plain {
            plain.writeAndFlush(buffer, promise: nil)
        } else {
            self.pending.append(buffer)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        self.plain?.close(promise: nil)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}

/// The plain side of a forwarded connection: what the server says goes back through TLS.
private final class BackHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    private let front: any Channel

    init(front: any Channel) {
        self.front = front
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        self.front.writeAndFlush(Self.unwrapInboundIn(data), promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        self.front.close(promise: nil)
    }
}
