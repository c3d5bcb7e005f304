import Foundation
import NIOCore

/// Closes an HTTP connection that has sent nothing for the silent deadline, as a chat
/// connection that never speaks is: a page request left half-sent, or a kept-alive connection
/// gone quiet, holds a socket for nothing. The server's tick checks it (`ArrivalDeadlines`),
/// against the server's clock. Removed when the connection upgrades to a WebSocket, which then
/// answers to the chat's own deadlines.
final class HTTPSilenceHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = NIOAny

    private let server: ChatServer
    private let silence: TimeInterval
    private var deadlines: ArrivalDeadlines?
    /// When the connection last sent bytes, in the server's uptime.
    private var lastReadAt: TimeInterval = 0

    init(server: ChatServer, silence: TimeInterval) {
        self.server = server
        self.silence = silence
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
        self.lastReadAt = self.server.configuration.uptime()
        self.deadlines = deadlines
        deadlines.watch(self, context: context)
    }

    /// Per read, not per request part: the bytes of a request not yet whole count as sending.
    func channelReadComplete(context: ChannelHandlerContext) {
        self.lastReadAt = self.server.configuration.uptime()
        context.fireChannelReadComplete()
    }

    func channelInactive(context: ChannelHandlerContext) {
        self.deadlines?.forget(self)
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.deadlines?.forget(self)
    }
}

extension HTTPSilenceHandler: ArrivalWatching {
    func checkDeadline(context: ChannelHandlerContext, uptime: TimeInterval) {
        guard uptime - self.lastReadAt >= self.silence else { return }
        self.deadlines?.forget(self)
        context.close(promise: nil)
    }
}

@available(*, unavailable)
extension HTTPSilenceHandler: Sendable {}
