#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Logging
import NIOCore
import PapoCore

/// Translates one connection's decoded input and lifecycle into chat server events.
final class ConnectionHandler: ChannelInboundHandler {
    typealias InboundIn = InboundMessage

    private let server: ChatServer
    private var clientID: ClientID?
    /// Why the connection is ending, when we know better than "connection closed".
    private var departureReason: String?
    /// Set once a framing error was answered: the error line and the close are on their way,
    /// and the decoder's complaints about bytes that keep arriving must not cut them short.
    private var isRejected = false

    init(server: ChatServer) {
        self.server = server
    }

    func channelActive(context: ChannelHandlerContext) {
        let id = self.server.connect(context.channel)
        self.clientID = id
        self.server.logger.debug(
            "client connected",
            metadata: ["client.id": "\(id)", "peer.address": "\(context.channel.remoteAddress?.description ?? "?")"])
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard let id = self.clientID else { return }
        self.server.receive(Self.unwrapInboundIn(data), from: id)
    }

    func channelInactive(context: ChannelHandlerContext) {
        if let id = self.clientID {
            let reason = self.departureReason ?? "connection closed"
            self.server.disconnect(id, reason: reason)
            self.server.logger.debug("client disconnected", metadata: ["client.id": "\(id)", "reason": "\(reason)"])
            self.clientID = nil
        }
        context.fireChannelInactive()
    }

    /// Past the send queue's high-water mark the client is not reading: close it as a slow
    /// consumer rather than let papod's memory grow.
    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if !context.channel.isWritable && self.server.configuration.connectionLimits.sendQueueBytes > 0 {
            self.departureReason = "send queue exceeded"
            context.close(promise: nil)
        }
        context.fireChannelWritabilityChanged()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        let id = self.clientID
        self.server.logger.debug("connection error", metadata: ["client.id": "\(id?.description ?? "-")", "error": "\(error)"])
        if self.isRejected { return }
        if let framingError = error as? FramingError, let id {
            // One error line, then the close happens through the outbox after it is written.
            self.isRejected = true
            self.server.reject(id, error: framingError)
            return
        }
        if let ioError = error as? IOError, ioError.errnoCode == ECONNRESET {
            self.departureReason = "connection reset"
        } else {
            self.departureReason = "connection error"
        }
        context.close(promise: nil)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is ChannelShouldQuiesceEvent, let id = self.clientID {
            self.server.shutDown(id)
            return
        }
        if let progress = event as? InputProgress, let id = self.clientID {
            self.server.noteInput(progress, from: id)
            return
        }
        context.fireUserInboundEventTriggered(event)
    }
}

@available(*, unavailable)
extension ConnectionHandler: Sendable {}
