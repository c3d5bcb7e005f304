#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import Synchronization

/// papod's listening socket: accepted on a thread of its own, made channels on an event loop.
///
/// NIO's `ServerBootstrap` would accept too, but its channels never tell which descriptor
/// they own. Accepting here and handing each socket to NIO (`ClientBootstrap`'s
/// `withConnectedSocket`) gives the same channels, and papod knows each connection's
/// descriptor: its loop writes to it directly while NIO holds nothing unwritten for it (see
/// `LoopOutbox`).
///
/// Accepting is paced like NIO's own: the thread hands at most `batchSize` sockets at a time
/// to the loop, through a pipe the loop reads among its other sockets, so between two batches
/// the loop reads its clients. Unpaced, a storm of connections became thousands of welcomed
/// clients before any of their first lines was read, all in #lobby, where each arrival was
/// announced to every one of them.
final class ConnectionAcceptor: Sendable {
    let localAddress: SocketAddress
    private let listener: CInt
    /// Written to by `stop`, to wake the thread from `poll`.
    private let wakeReader: CInt
    private let wakeWriter: CInt
    /// A byte here tells the loop that accepted sockets wait in `handoff`.
    private let gateReader: CInt
    private let gateWriter: CInt
    private let handoff = NIOLockedValueBox<[CInt]>([])
    /// Room in the handoff: the thread takes one before each accept, the loop gives them back.
    private let room = DispatchSemaphore(value: ConnectionAcceptor.batchSize)
    private let isStopping = Atomic<Bool>(false)
    /// The thread, and each accepted socket until it is a channel (or closed).
    private let running = DispatchGroup()

    /// Sockets accepted ahead of the loop, at most (NIO accepts up to 4 per readable event).
    static let batchSize = 4

    /// Binds and listens (SO_REUSEADDR, as `ServerBootstrap` did).
    init(host: String, port: Int, backlog: CInt) throws {
        let address = try SocketAddress.makeAddressResolvingHost(host, port: port)
        let listener = socket(CInt(address.protocol.rawValue), Self.streamType, 0)
        guard listener >= 0 else { throw IOError(errnoCode: errno, reason: "socket") }
        var opened = [listener]
        do {
            var on: CInt = 1
            guard setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &on, socklen_t(MemoryLayout<CInt>.size)) == 0 else {
                throw IOError(errnoCode: errno, reason: "setsockopt(SO_REUSEADDR)")
            }
            guard address.withSockAddr({ bind(listener, $0, socklen_t($1)) }) == 0 else {
                throw IOError(errnoCode: errno, reason: "bind(\(address))")
            }
            guard listen(listener, backlog) == 0 else { throw IOError(errnoCode: errno, reason: "listen") }
            // Non-blocking: the thread waits in `poll`, where `stop` can wake it, not in `accept`.
            try Self.setNonBlocking(listener)
            self.localAddress = try SocketAddress(ipAddress: address.ipAddress ?? host, port: Self.boundPort(of: listener))
            (self.wakeReader, self.wakeWriter) = try Self.makePipe(&opened)
            (self.gateReader, self.gateWriter) = try Self.makePipe(&opened)
            try Self.setNonBlocking(self.gateWriter)
        } catch {
            for descriptor in opened { close(descriptor) }
            throw error
        }
        self.listener = listener
    }

    /// Starts accepting. On `loop`, `register` gets each accepted socket (non-blocking,
    /// close-on-exec) and owns it from then on; its future says when it is a channel.
    func start(
        on loop: any EventLoop, logger: Logger,
        register: @escaping @Sendable (CInt) -> EventLoopFuture<any Channel>
    ) async throws {
        let gate: any Channel
        do {
            gate = try await NIOPipeBootstrap(group: loop)
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(AcceptGate { self.registerWaiting(register) })
                    }
                }
                .takingOwnershipOfDescriptor(input: self.gateReader)
                .get()
        } catch {
            for descriptor in [self.listener, self.wakeReader, self.wakeWriter, self.gateReader, self.gateWriter] {
                close(descriptor)
            }
            throw error
        }
        self.running.enter()
        let thread = Thread { [self] in
            self.acceptUntilStopped(logger: logger)
            close(self.listener)
            close(self.wakeReader)
            close(self.gateWriter)
            // What the loop has not taken yet becomes channels too (refused: papod is stopping).
            loop.execute {
                self.registerWaiting(register)
                gate.close(promise: nil)
                self.running.leave()
            }
        }
        thread.name = "papod-accept"
        thread.start()
    }

    /// Stops accepting (connections still waiting in the backlog are refused by the kernel).
    /// `done` runs once the thread has ended and every socket it accepted is a channel.
    func stop(then done: @escaping @Sendable () -> Void) {
        guard !self.isStopping.exchange(true, ordering: .sequentiallyConsistent) else { return }
        var byte: UInt8 = 1
        _ = write(self.wakeWriter, &byte, 1)
        close(self.wakeWriter)
        self.room.signal()  // in case the thread waits for room
        self.running.notify(queue: .global()) { done() }
    }

    /// On the loop: makes channels of the sockets waiting in the handoff.
    private func registerWaiting(_ register: (CInt) -> EventLoopFuture<any Channel>) {
        let sockets = self.handoff.withLockedValue { waiting in
            defer { waiting.removeAll(keepingCapacity: true) }
            return waiting
        }
        for socket in sockets {
            register(socket).whenComplete { _ in self.running.leave() }
            self.room.signal()
        }
    }

    private func acceptUntilStopped(logger: Logger) {
        var isOutOfDescriptors = false
        while !self.isStopping.load(ordering: .sequentiallyConsistent) {
            var waits = [
                pollfd(fd: self.wakeReader, events: Int16(POLLIN), revents: 0),
                pollfd(fd: self.listener, events: Int16(POLLIN), revents: 0),
            ]
            // Out of descriptors, accepting pauses a little (waking only for `stop`) instead
            // of spinning on the error while the backlog stays readable.
            let result = isOutOfDescriptors ? poll(&waits, 1, 100) : poll(&waits, 2, -1)
            if result < 0 && errno != EINTR {
                logger.error("accepting connections failed", metadata: ["error": "\(IOError(errnoCode: errno, reason: "poll"))"])
                return
            }
            while true {
                self.room.wait()
                if self.isStopping.load(ordering: .sequentiallyConsistent) { return }
                let socket = accept(self.listener, nil, nil)
                if socket >= 0 {
                    // NIO makes it non-blocking; papod starts no programs, but no descriptor
                    // of a client should outlive an exec.
                    _ = fcntl(socket, F_SETFD, FD_CLOEXEC)
                    if isOutOfDescriptors {
                        isOutOfDescriptors = false
                        logger.notice("accepting connections again")
                    }
                    self.handOver(socket)
                    continue
                }
                self.room.signal()
                let error = errno
                switch error {
                case EAGAIN, EWOULDBLOCK:
                    break
                case EMFILE, ENFILE, ENOBUFS, ENOMEM:
                    if !isOutOfDescriptors {
                        isOutOfDescriptors = true
                        logger.warning(
                            "cannot accept connections: \(String(cString: strerror(error))); retrying",
                            metadata: ["errno": "\(error)"])
                    }
                case ECONNABORTED, EINTR, EPROTO, EPERM, ENETDOWN, ENETUNREACH, EHOSTDOWN, EHOSTUNREACH, ENOPROTOOPT,
                    EOPNOTSUPP:
                    // The pending connection's own trouble (reset before it was accepted, or a
                    // network error Linux reports here): the next one is fine.
                    continue
                default:
                    logger.error(
                        "accepting connections failed: \(String(cString: strerror(error)))", metadata: ["errno": "\(error)"])
                    return
                }
                break
            }
        }
    }

    /// Queues an accepted socket for the loop, and tells the loop if the queue was empty.
    private func handOver(_ socket: CInt) {
        self.running.enter()
        let wasEmpty = self.handoff.withLockedValue { waiting in
            waiting.append(socket)
            return waiting.count == 1
        }
        if wasEmpty {
            var byte: UInt8 = 1
            _ = write(self.gateWriter, &byte, 1)
        }
    }

    private static func makePipe(_ opened: inout [CInt]) throws -> (reader: CInt, writer: CInt) {
        var ends: [CInt] = [0, 0]
        guard pipe(&ends) == 0 else { throw IOError(errnoCode: errno, reason: "pipe") }
        opened += ends
        _ = fcntl(ends[0], F_SETFD, FD_CLOEXEC)
        _ = fcntl(ends[1], F_SETFD, FD_CLOEXEC)
        return (ends[0], ends[1])
    }

    private static func setNonBlocking(_ descriptor: CInt) throws {
        guard fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK) == 0 else {
            throw IOError(errnoCode: errno, reason: "fcntl(O_NONBLOCK)")
        }
    }

    private static func boundPort(of listener: CInt) throws -> Int {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let result = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &length) }
        }
        guard result == 0 else { throw IOError(errnoCode: errno, reason: "getsockname") }
        // The port is the two bytes after the family, in network order, for IPv4 and IPv6 alike.
        return withUnsafeBytes(of: &storage) { Int($0[2]) << 8 | Int($0[3]) }
    }

    #if canImport(Glibc)
    private static let streamType = CInt(SOCK_STREAM.rawValue) | CInt(SOCK_CLOEXEC.rawValue)
    #else
    private static let streamType = SOCK_STREAM
    #endif
}

/// Reads the acceptor's gate pipe on the loop: each readable event, the waiting sockets
/// become channels (the bytes themselves say nothing more).
private final class AcceptGate: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    private let takeWaiting: () -> Void

    init(_ takeWaiting: @escaping () -> Void) {
        self.takeWaiting = takeWaiting
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        self.takeWaiting()
    }
}
