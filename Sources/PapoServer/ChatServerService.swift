import Logging
import NIOCore
import NIOPosix
import PapoCore
import ServiceLifecycle
import NIOConcurrencyHelpers

/// The TCP listener as a service: binds, serves until graceful shutdown, then stops
/// accepting, says goodbye to every client and returns once all connections are closed.
public struct ChatServerService: Service {
    public let server: ChatServer
    private let eventLoopGroup: any EventLoopGroup
    private let logger: Logger
    private let onServerRunning: @Sendable (SocketAddress) async -> Void

    public init(
        configuration: ServerConfiguration,
        eventLoopGroup: any EventLoopGroup,
        logger: Logger,
        onServerRunning: @escaping @Sendable (SocketAddress) async -> Void = { _ in }
    ) {
        self.server = ChatServer(
            configuration: configuration, logger: logger, eventLoopThreads: Array(eventLoopGroup.makeIterator()).count)
        self.eventLoopGroup = eventLoopGroup
        self.logger = logger
        self.onServerRunning = onServerRunning
    }

    /// The send queue bound as NIO's water marks; a writability change past the high mark
    /// closes the connection. Off (0): marks too high to reach.
    static func waterMark(_ limits: ConnectionLimits) -> ChannelOptions.Types.WriteBufferWaterMark {
        guard limits.sendQueueBytes > 0 else { return .init(low: Int.max / 2, high: Int.max) }
        return .init(low: max(1, limits.sendQueueBytes / 2), high: limits.sendQueueBytes)
    }

    /// How each accepted socket becomes a channel.
    private static func connectionBootstrap(
        on loop: any EventLoop, server: ChatServer, waterMark: ChannelOptions.Types.WriteBufferWaterMark, socket: CInt
    ) -> ClientBootstrap {
        ClientBootstrap(group: loop)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelOption(.socketOption(.so_keepalive), value: 1)
            .channelOption(.maxMessagesPerRead, value: 16)
            // Chat lines are small: reads start small so idle connections hold little, and
            // grow for clients that send more.
            .channelOption(.recvAllocator, value: ChatRecvAllocator())
            .channelOption(.writeBufferWaterMark, value: waterMark)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    // One handler per connection: it frames, counts and reports (see ConnectionHandler).
                    try channel.pipeline.syncOperations.addHandler(ConnectionHandler(server: server, socket: socket))
                }
            }
    }

    /// Puts every loop thread of `group` under `scheduling`, each from the thread itself.
    private static func schedule(
        _ group: any EventLoopGroup, as scheduling: LoopScheduling, logger: Logger
    ) async throws {
        for loop in group.makeIterator() {
            let applied = try await loop.submit { scheduling.applyToCurrentThread() }.get()
            if !applied {
                logger.warning(
                    "an event loop thread keeps the default scheduling",
                    metadata: ["requested": "\(scheduling.rawValue)"])
            }
        }
    }

    public func run() async throws {
        let configuration = self.server.configuration
        let server = self.server
        let group = self.eventLoopGroup
        let waterMark = Self.waterMark(configuration.connectionLimits)
        try await Self.schedule(group, as: configuration.loopScheduling, logger: self.logger)
        let acceptor = try ConnectionAcceptor(host: configuration.host, port: configuration.port, backlog: 256)
        try await acceptor.start(on: group.next(), logger: self.logger) { socket in
            Self.connectionBootstrap(on: group.next(), server: server, waterMark: waterMark, socket: socket)
                .withConnectedSocket(socket)
        }
        let address = acceptor.localAddress
        self.logger.notice("papod listening on \(address.ipAddress ?? configuration.host):\(address.port ?? configuration.port)")
        await self.onServerRunning(address)

        // One shared timer for every time-based rule, not one per connection.
        let ticker = self.eventLoopGroup.next().scheduleRepeatedTask(
            initialDelay: configuration.tickInterval, delay: configuration.tickInterval
        ) { _ in
            server.tick()
        }
        defer { ticker.cancel() }

        let stopped = self.eventLoopGroup.next().makePromise(of: Void.self)
        let hasBegunStopping = NIOLockedValueBox(false)
        let stop: @Sendable () -> Void = {
            guard hasBegunStopping.withLockedValue({ begun in defer { begun = true }; return !begun }) else { return }
            // Stop accepting, then say goodbye to everyone and wait for every channel to close.
            // (Not NIOExtras' quiescing helper: it keeps a record and a callback per
            // connection; the server already knows its connections.)
            server.beginShutdown()
            acceptor.stop { server.closeAllConnections(then: stopped) }
        }
        // The operator's `shutdown` stops the listener the same way; the service then returns
        // and its group shuts down the rest.
        server.onShutdownRequest(stop)
        defer { server.onShutdownRequest(nil) }
        await withGracefulShutdownHandler {
            await withTaskCancellationHandler {
                try? await stopped.futureResult.get()
            } onCancel: {
                stop()
            }
        } onGracefulShutdown: {
            stop()
        }
        self.logger.notice("papod stopped")
    }
}
