import Foundation
import Logging
import NIOCore
import NIOExtras
import NIOPosix
import PapoControl
import PapoCore
import ServiceLifecycle

#if canImport(Glibc)
import Glibc
#endif

/// papod's control socket: a UNIX-domain socket, mode 0600, for papoctl. Only peers running
/// as the same user (or root) are served. Never reachable over TCP.
public struct ControlSocketService: Service {
    public let path: String
    private let server: ChatServer
    private let eventLoopGroup: any EventLoopGroup
    private let logger: Logger

    public init(path: String, server: ChatServer, eventLoopGroup: any EventLoopGroup, logger: Logger) {
        self.path = path
        self.server = server
        self.eventLoopGroup = eventLoopGroup
        self.logger = logger
    }

    public func run() async throws {
        try Self.removeStaleSocket(at: self.path)
        let server = self.server
        let logger = self.logger
        let channel = try await ServerBootstrap(group: self.eventLoopGroup)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandlers([
                        PeerCredentialHandler(logger: logger),
                        ByteToMessageHandler(LineBasedFrameDecoder(), maximumBufferSize: ControlCodec.maxLineBytes),
                        ControlRequestHandler(server: server),
                    ])
                }
            }
            .bind(unixDomainSocketPath: self.path, cleanupExistingSocketFile: false).get()
        chmod(self.path, 0o600)
        self.logger.info("control socket listening", metadata: ["control.socket": "\(self.path)"])
        await withGracefulShutdownHandler {
            try? await channel.closeFuture.get()
        } onGracefulShutdown: {
            channel.close(promise: nil)
        }
        unlink(self.path)
    }

    /// A socket file left by a dead papod is removed; a live papod's makes this one refuse to start.
    public static func removeStaleSocket(at path: String) throws {
        guard FileManager.default.fileExists(atPath: path) else { return }
        if (try? ControlClient(path: path)) != nil {
            throw ControlSocketError.alreadyRunning(path)
        }
        guard unlink(path) == 0 else {
            throw ControlSocketError.cannotRemove(path, String(cString: strerror(errno)))
        }
    }
}

public enum ControlSocketError: Error, CustomStringConvertible {
    case alreadyRunning(String)
    case cannotRemove(String, String)

    public var description: String {
        switch self {
        case .alreadyRunning(let path):
            return "another papod is running with the control socket \(path); stop it or give --control-socket another path"
        case .cannotRemove(let path, let reason):
            return "cannot remove the stale control socket \(path): \(reason)"
        }
    }
}

/// Closes any connection whose peer is neither this process's user nor root.
final class PeerCredentialHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer

    private let logger: Logger

    init(logger: Logger) {
        self.logger = logger
    }

    func channelActive(context: ChannelHandlerContext) {
        guard let provider = context.channel as? any SocketOptionProvider else {
            self.refuse(context, reason: "no peer credentials")
            return
        }
        let loopBoundContext = NIOLoopBound(context, eventLoop: context.eventLoop)
        let loopBoundSelf = NIOLoopBound(self, eventLoop: context.eventLoop)
        let credentials: EventLoopFuture<PeerCredentials> = provider.unsafeGetSocketOption(
            level: SocketOptionLevel(SOL_SOCKET), name: Self.peerCredentialsOption)
        credentials.whenComplete { result in
            let context = loopBoundContext.value
            let handler = loopBoundSelf.value
            switch result {
            case .success(let credentials) where credentials.uid == 0 || credentials.uid == getuid():
                context.fireChannelActive()
                context.pipeline.syncOperations.removeHandler(handler, promise: nil)
            case .success(let credentials):
                handler.refuse(context, reason: "uid \(credentials.uid) is not papod's user")
            case .failure(let error):
                handler.refuse(context, reason: "cannot read peer credentials: \(error)")
            }
        }
    }

    private func refuse(_ context: ChannelHandlerContext, reason: String) {
        self.logger.warning("control socket peer refused", metadata: ["reason": "\(reason)"])
        context.close(promise: nil)
    }

    /// `struct ucred` from <sys/socket.h>, which Swift's Glibc does not import (it needs _GNU_SOURCE).
    struct PeerCredentials: Sendable {
        var pid: Int32 = 0
        var uid: UInt32 = 0
        var gid: UInt32 = 0
    }

    /// SO_PEERCRED (17 on Linux).
    static let peerCredentialsOption = SocketOptionName(17)
}

/// Answers each JSON request line with one JSON response line, in order.
final class ControlRequestHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let server: ChatServer
    /// Responses are written in request order even though commands run asynchronously.
    private var previous: EventLoopFuture<Void>?

    init(server: ChatServer) {
        self.server = server
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let line = Data(Self.unwrapInboundIn(data).readableBytesView)
        let server = self.server
        let channel = context.channel
        let promise = context.eventLoop.makePromise(of: ControlResponse.self)
        promise.completeWithTask {
            await Self.respond(to: line, server: server)
        }
        let previous = self.previous ?? context.eventLoop.makeSucceededVoidFuture()
        self.previous = previous.flatMap { promise.futureResult }.flatMap { response in
            // A long export goes in several lines, each within the client's line limit.
            var bytes = Data()
            for piece in response.pieces() {
                bytes += (try? ControlCodec.encodeLine(piece)) ?? Data("{\"ok\":false}\n".utf8)
            }
            return channel.writeAndFlush(ByteBuffer(bytes: bytes))
        }
    }

    static func respond(to line: Data, server: ChatServer) async -> ControlResponse {
        guard let request = try? ControlCodec.decode(ControlRequest.self, from: line) else {
            return ControlResponse(ok: false, error: "malformed request: expected one JSON object per line")
        }
        if let command = request.command {
            return ControlResponse(await server.executeOperator(command))
        }
        if let query = request.complete {
            return ControlResponse(
                ok: true, candidates: server.completions(wordsBefore: query.wordsBefore, partial: query.partial))
        }
        return ControlResponse(ok: false, error: "empty request: give command or complete")
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}

@available(*, unavailable)
extension PeerCredentialHandler: Sendable {}

@available(*, unavailable)
extension ControlRequestHandler: Sendable {}
