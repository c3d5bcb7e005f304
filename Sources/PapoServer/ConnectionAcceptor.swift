#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Logging
import NIOCore
import Synchronization

/// papod's listening socket, accepted on a thread of its own.
///
/// NIO's `ServerBootstrap` would accept too, but its channels never tell which descriptor
/// they own. Accepting here and handing each socket to NIO (`ClientBootstrap`'s
/// `withConnectedSocket`) gives the same channels, and papod knows each connection's
/// descriptor: its loop writes to it directly while NIO holds nothing unwritten for it (see
/// `LoopOutbox.drain`).
final class ConnectionAcceptor: Sendable {
    let localAddress: SocketAddress
    private let listener: CInt
    /// Written to by `stop`, to wake the thread from `poll`.
    private let wakeReader: CInt
    private let wakeWriter: CInt
    private let isStopping = Atomic<Bool>(false)
    /// The thread, and each accepted socket until its registration is done.
    private let running = DispatchGroup()

    /// Binds and listens (SO_REUSEADDR, as `ServerBootstrap` did).
    init(host: String, port: Int, backlog: CInt) throws {
        let address = try SocketAddress.makeAddressResolvingHost(host, port: port)
        let listener = socket(CInt(address.protocol.rawValue), Self.streamType, 0)
        guard listener >= 0 else { throw IOError(errnoCode: errno, reason: "socket") }
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
            guard fcntl(listener, F_SETFL, fcntl(listener, F_GETFL) | O_NONBLOCK) == 0 else {
                throw IOError(errnoCode: errno, reason: "fcntl(O_NONBLOCK)")
            }
            self.localAddress = try SocketAddress(ipAddress: address.ipAddress ?? host, port: Self.boundPort(of: listener))
            var pipeEnds: [CInt] = [0, 0]
            guard pipe(&pipeEnds) == 0 else { throw IOError(errnoCode: errno, reason: "pipe") }
            self.wakeReader = pipeEnds[0]
            self.wakeWriter = pipeEnds[1]
        } catch {
            close(listener)
            throw error
        }
        self.listener = listener
    }

    /// Starts accepting. `register` gets each accepted socket (non-blocking, close-on-exec)
    /// and owns it from then on; the future says when it is a registered channel (or closed).
    func start(logger: Logger, register: @escaping @Sendable (CInt) -> EventLoopFuture<any Channel>) {
        self.running.enter()
        let thread = Thread { [self] in
            self.acceptUntilStopped(logger: logger, register: register)
            close(self.listener)
            close(self.wakeReader)
            self.running.leave()
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
        self.running.notify(queue: .global()) { done() }
    }

    private func acceptUntilStopped(logger: Logger, register: @Sendable (CInt) -> EventLoopFuture<any Channel>) {
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
            while !self.isStopping.load(ordering: .relaxed) {
                let socket = accept(self.listener, nil, nil)
                if socket >= 0 {
                    // NIO makes it non-blocking; papod starts no programs, but no descriptor
                    // of a client should outlive an exec.
                    _ = fcntl(socket, F_SETFD, FD_CLOEXEC)
                    if isOutOfDescriptors {
                        isOutOfDescriptors = false
                        logger.notice("accepting connections again")
                    }
                    self.running.enter()
                    register(socket).whenComplete { _ in self.running.leave() }
                    continue
                }
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
