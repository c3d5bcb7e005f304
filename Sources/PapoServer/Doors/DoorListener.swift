#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOExtras
import NIOPosix
import PapoCore
import ServiceLifecycle

/// A door bound to its address, serving until graceful shutdown; then it stops accepting,
/// tells each of its clients goodbye, and returns once every one of its connections is closed.
///
/// Binding happens before any service runs (`bind`), so a taken port stops papod at start-up
/// with an error naming the door, and tests learn every real port before connecting.
public struct DoorListener: Service {
    public let door: Door
    /// The address actually bound (port 0 becomes the port the system chose).
    public let address: SocketAddress
    private let channel: any Channel
    /// Dropped once the door has stopped: the helper's deinit completes a promise on a loop,
    /// which must still be running then (not after papod has shut its loops down).
    private let quiescing: NIOLockedValueBox<ServerQuiescingHelper?>
    private let server: ChatServer
    private let logger: Logger

    /// Connections the kernel holds for papod until it accepts them (Linux caps it at
    /// `net.core.somaxconn`, 4096 by default). A class connecting at once must not overflow
    /// it: a dropped SYN is retried only after a second, then three.
    static let backlog: Int32 = 4096

    /// Reads per readiness event: a talkative client is read in a few large reads at once.
    static let messagesPerRead: UInt = 16

    /// The send queue bound as NIO's water marks; a writability change past the high mark
    /// closes the connection. Off (0): marks too high to reach.
    static func waterMark(_ limits: ConnectionLimits) -> ChannelOptions.Types.WriteBufferWaterMark {
        guard limits.sendQueueBytes > 0 else { return .init(low: Int.max / 2, high: Int.max) }
        return .init(low: max(1, limits.sendQueueBytes / 2), high: limits.sendQueueBytes)
    }

    public static func bind(
        _ door: Door, server: ChatServer, group: any EventLoopGroup, logger: Logger
    ) async throws -> DoorListener {
        let quiescing = ServerQuiescingHelper(group: group)
        let waterMark = Self.waterMark(server.configuration.connectionLimits)
        let channel: any Channel
        do {
            channel = try await ServerBootstrap(group: group)
                .serverChannelOption(.backlog, value: Self.backlog)
                .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                .serverChannelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        // Out of descriptors, accepting pauses a little instead of spinning.
                        try channel.pipeline.syncOperations.addHandlers(
                            AcceptBackoffHandler(backoffProvider: AcceptPauseLogger.backoff),
                            quiescing.makeServerChannelHandler(channel: channel),
                            AcceptPauseLogger(logger: logger, doorName: door.name))
                    }
                }
                .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
                .childChannelOption(.socketOption(.so_keepalive), value: 1)
                .childChannelOption(.maxMessagesPerRead, value: Self.messagesPerRead)
                // Chat lines are small: reads start small so idle connections hold little, and
                // grow for clients that send more.
                .childChannelOption(.recvAllocator, value: ChatRecvAllocator())
                .childChannelOption(.writeBufferWaterMark, value: waterMark)
                .childChannelOption(.allocator, value: door.connectionAllocator)
                .childChannelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try door.addHandlers(channel, server)
                    }
                }
                .bind(host: door.host, port: door.port)
                .get()
        } catch {
            throw DoorBindError(door: door, underlying: error)
        }
        guard let address = channel.localAddress else {
            channel.close(promise: nil)
            throw DoorBindError(door: door, underlying: ChannelError.unknownLocalAddress)
        }
        logger.notice("\(door.listeningMessage) \(address.ipAddress ?? door.host):\(address.port ?? door.port)")
        return DoorListener(
            door: door, address: address, channel: channel, quiescing: NIOLockedValueBox(quiescing), server: server,
            logger: logger)
    }

    public func run() async throws {
        let stopped = self.channel.eventLoop.makePromise(of: Void.self)
        let stop = ShutdownWait.once { [server, quiescing] in
            // Departures are no longer announced, then the door's clients get their goodbye.
            server.beginShutdown()
            if let helper = quiescing.withLockedValue({ $0 }) {
                helper.initiateShutdown(promise: stopped)
            } else {
                stopped.succeed()
            }
        }
        await ShutdownWait.wait(for: stopped.futureResult, stop: stop)
        self.quiescing.withLockedValue { $0 = nil }
        self.logger.debug("door closed", metadata: ["door.name": "\(self.door.name)"])
    }
}

/// A door that cannot listen: which door, where, why, and the option that moves it.
public struct DoorBindError: Error, CustomStringConvertible {
    public let door: Door
    public let underlying: any Error

    public var description: String {
        let reason: String
        if let io = self.underlying as? IOError {
            reason = String(cString: strerror(io.errnoCode))
        } else {
            reason = "\(self.underlying)"
        }
        return
            "papod cannot listen for the \(self.door.name) door on \(self.door.host):\(self.door.port): \(reason.lowercased()); "
            + "choose another port with \(self.door.portOption)"
    }
}

extension DoorListener {
    /// Closes the listening socket of a door that will not run (another door failed to bind).
    public func close() async {
        try? await self.channel.close()
        self.quiescing.withLockedValue { $0 = nil }
    }
}
