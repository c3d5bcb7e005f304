import Foundation
import NIOCore
import NIOTLS

/// Closes a TLS connection whose handshake has not finished within the frame deadline (a
/// stalled or slowloris handshake costs one connection, for a bounded time), then leaves the
/// pipeline: only connections still shaking hands carry it. The server's tick checks the
/// deadline (`ArrivalDeadlines`), against the server's clock.
final class HandshakeDeadlineHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = NIOAny

    private let server: ChatServer
    private let deadline: TimeInterval
    /// Where the deadline is watched, once the connection is active.
    private var deadlines: ArrivalDeadlines?
    private var startedAt: TimeInterval = 0

    init(server: ChatServer, deadline: TimeInterval) {
        self.server = server
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
        self.startedAt = self.server.configuration.uptime()
        self.deadlines = deadlines
        deadlines.watch(self, context: context)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        // Passed on before this handler leaves: a removed context carries nothing further.
        context.fireUserInboundEventTriggered(event)
        if case TLSUserEvent.handshakeCompleted = event {
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

extension HandshakeDeadlineHandler: ArrivalWatching {
    func checkDeadline(context: ChannelHandlerContext, uptime: TimeInterval) {
        guard uptime - self.startedAt >= self.deadline else { return }
        self.stop()
        context.channel.close(promise: nil)
    }
}

@available(*, unavailable)
extension HandshakeDeadlineHandler: Sendable {}
