import NIOCore
import NIOPosix
import NIOSSL
import Synchronization

/// A small TLS server on 127.0.0.1 and a free port: it says `welcome` to each connection once
/// the handshake is done and `ok` to each read. Its certificate can be swapped
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

    static func start(context: NIOSSLContext) async throws -> TLSTestServer {
        let box = CurrentContext(context)
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let sync = channel.pipeline.syncOperations
                    try sync.addHandler(NIOSSLServerHandler(context: box.value))
                    try sync.addHandler(GreetingHandler())
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
