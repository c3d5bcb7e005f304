#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Logging
import NIOCore
import NIOTLS
import PapoCore
import Synchronization

/// Turns one connection's bytes into messages and its lifecycle into chat server events: the
/// assignment door's codec (framed messages and plain lines, told apart per connection).
///
/// Behind TLS it sits after `NIOSSLServerHandler`, sees plaintext both ways, and admits the
/// client only once the handshake is done: until then nobody in the chat sees it.
///
/// The framing runs here rather than in a separate `ByteToMessageHandler` (and bytes are
/// counted here rather than in a handler of their own): one handler per connection instead of
/// three, and no buffer held between messages, keeps an idle connection small.
final class ConnectionHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    // Stored fields are ordered for packing: every connection has one handler.
    private let server: ChatServer
    /// Bytes received that are not a whole message yet, and what the server was last told.
    private var input = UnfinishedInput()
    private var decoder: FrameDecoder
    /// The line ending the server was last told (replies follow the client's own).
    private var lineEnding = LineEnding.lf
    /// Set once a framing error was answered: the error line and the close are on their way,
    /// and whatever else arrives is ignored.
    private var isRejected = false
    /// Why the connection is ending, when we know better than "connection closed".
    private var departure: Departure?
    /// Behind TLS: its buffers' pages, released while quiet. The client is admitted when the
    /// handshake completes rather than on connect.
    private let quietPages: QuietPages?
    /// The admitted client's id; 0 until then (ids start at 1). A raw number rather than an
    /// optional keeps the handler within a smaller allocation: every connection has one.
    private var clientNumber: UInt64 = 0

    private var clientID: ClientID? {
        get { self.clientNumber == 0 ? nil : ClientID(self.clientNumber) }
        set { self.clientNumber = newValue?.rawValue ?? 0 }
    }

    /// `quietPages`: the connection comes through TLS (and is admitted once its handshake is
    /// done); nil for plain TCP.
    init(server: ChatServer, quietPages: QuietPages? = nil) {
        self.server = server
        self.quietPages = quietPages
        self.decoder = FrameDecoder(limits: server.configuration.limits)
    }

    func channelActive(context: ChannelHandlerContext) {
        // Behind TLS the client is admitted once the handshake is done (an `ArrivalDeadlineHandler`
        // bounds how long that may take).
        if self.quietPages == nil {
            self.admit(context: context)
        }
        context.fireChannelActive()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        switch event {
        case TLSUserEvent.handshakeCompleted where self.quietPages != nil && self.clientID == nil:
            self.admit(context: context)
        case is ChannelShouldQuiesceEvent:
            // The door is closing: goodbye, then the close once it is written.
            if let id = self.clientID {
                self.server.shutDown(id)
            } else {
                context.close(promise: nil)
            }
        default:
            context.fireUserInboundEventTriggered(event)
        }
    }

    private func admit(context: ChannelHandlerContext) {
        let isSecure = self.quietPages != nil
        guard let id = self.server.connect(context, quietPages: self.quietPages) else {
            // Refused: the reason and the close are on their way; what arrives meanwhile is ignored.
            self.isRejected = true
            return
        }
        self.clientID = id
        self.server.logger.debug(
            "client connected",
            metadata: [
                "client.id": "\(id)", "peer.address": "\(context.channel.remoteAddress?.description ?? "?")",
                "connection.tls": "\(isSecure)",
            ])
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var incoming = Self.unwrapInboundIn(data)
        self.server.counters.bytesIn.add(incoming.readableBytes, ordering: .relaxed)
        guard let id = self.clientID, !self.isRejected else { return }
        self.quietPages?.noteActivity()
        var buffer = self.input.joining(&incoming)
        do {
            while let message = try self.decoder.next(from: &buffer) {
                if case .line(_, let ending) = message, ending != self.lineEnding {
                    self.lineEnding = ending
                    self.server.setLineEnding(ending, for: id)
                }
                self.server.receive(message, from: id)
            }
        } catch {
            // One error line, then the close happens through the outbox after it is written.
            self.server.logger.debug("framing error", metadata: ["client.id": "\(id)", "error": "\(error)"])
            self.isRejected = true
            self.server.reject(id, error: error)
            return
        }
        // Tell the server when a message is begun or finished, for the frame deadline.
        if let progress = self.input.keep(&buffer, isPartial: self.decoder.isPartial(buffer)) {
            self.server.noteInput(progress, from: id)
        }
        self.quietPages?.holdsInput = self.input.unread != nil
    }

    func channelInactive(context: ChannelHandlerContext) {
        if let id = self.clientID {
            self.deliverRemainder(from: id)
            self.server.disconnect(id, channel: context.channel, departure: self.departure)
            self.clientID = nil
        }
        context.fireChannelInactive()
    }

    /// At end of input an unterminated last line still counts, as does the assignment
    /// client's trailing bare disconnect word.
    private func deliverRemainder(from id: ClientID) {
        guard !self.isRejected, var buffer = self.input.takeUnread() else { return }
        if let message = self.decoder.remainder(from: &buffer) {
            self.server.receive(message, from: id)
        }
    }

    /// Past the send queue's high-water mark the client is not reading: close it as a slow
    /// consumer rather than let papod's memory grow.
    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if let departure = Departure.slowConsumer(context.channel, limits: self.server.configuration.connectionLimits) {
            self.departure = departure
            context.close(promise: nil)
        }
        context.fireChannelWritabilityChanged()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        let id = self.clientID
        self.server.logger.debug("connection error", metadata: ["client.id": "\(id?.description ?? "-")", "error": "\(error)"])
        if self.isRejected { return }
        self.departure = Departure(after: error)
        context.close(promise: nil)
    }

}

@available(*, unavailable)
extension ConnectionHandler: Sendable {}
