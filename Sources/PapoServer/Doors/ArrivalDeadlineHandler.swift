import Foundation
import NIOCore
import NIOTLS

/// Closes a connection that does not get into the chat in time, by one of two rules, and
/// carries nothing once it is in: a stalled or slowloris TLS handshake, or an HTTP connection
/// left silent (a page request half-sent, a kept-alive connection gone quiet), costs one
/// socket for a bounded time. The server's tick checks the deadline (`ArrivalDeadlines`),
/// against the server's clock, rather than each connection arming a timer.
final class ArrivalDeadlineHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = NIOAny

    enum Rule {
        /// The TLS handshake must be done within the deadline (the frame deadline); the handler
        /// leaves the pipeline once it is.
        case handshake
        /// Bytes must keep arriving: the deadline (the silent deadline) counts from the last
        /// read. The web door removes the handler when the connection upgrades to a WebSocket,
        /// which then answers to the chat's own deadlines.
        case silence
    }

    private let server: ChatServer
    private let rule: Rule
    private let deadline: TimeInterval
    /// Where the deadline is watched, once the connection is active.
    private var deadlines: ArrivalDeadlines?
    /// When the deadline began: the connection's start, or its last read under `.silence`.
    private var since: TimeInterval = 0

    init(server: ChatServer, rule: Rule, deadline: TimeInterval) {
        self.server = server
        self.rule = rule
        self.deadline = deadline
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { self.start(context: context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        self.start(context: context)
        context.fireChannelActive()
    }

    private func start(context: ChannelHandlerContext) {
        guard self.deadlines == nil else { return }
        let deadlines = self.server.arrivalDeadlines(on: context.eventLoop)
        self.since = self.server.configuration.uptime()
        self.deadlines = deadlines
        deadlines.watch(self, context: context)
    }

    /// Per read, not per request part: the bytes of a request not yet whole count as sending.
    func channelReadComplete(context: ChannelHandlerContext) {
        if self.rule == .silence {
            self.since = self.server.configuration.uptime()
        }
        context.fireChannelReadComplete()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        // Passed on before this handler leaves: a removed context carries nothing further.
        context.fireUserInboundEventTriggered(event)
        if self.rule == .handshake, case TLSUserEvent.handshakeCompleted = event {
            self.stop()
            context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        self.stop()
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.stop()
    }

    private func stop() {
        self.deadlines?.forget(self)
    }
}

extension ArrivalDeadlineHandler: ArrivalWatching {
    func checkDeadline(context: ChannelHandlerContext, uptime: TimeInterval) {
        guard uptime - self.since >= self.deadline else { return }
        self.stop()
        context.channel.close(promise: nil)
    }
}

@available(*, unavailable)
extension ArrivalDeadlineHandler: Sendable {}
