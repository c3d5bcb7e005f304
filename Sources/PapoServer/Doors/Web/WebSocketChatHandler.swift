import Logging
import NIOCore
import NIOWebSocket
import PapoCore
import Synchronization

/// A browser's WebSocket as a chat connection: each text message is what the user typed (a
/// line or a `/command`); what the chat sends comes back as JSON events in text frames.
///
/// It is the whole upgraded pipeline: it reads the browser's frames from the connection's
/// bytes itself (`WebSocketFrameReader`), keeping only an unfinished frame's bytes, and joins
/// the rare message in fragments. Everything it sends is finished frames
/// (`WebSocketFrameBytes`): the chat's, shared by every browser and written by the loop from
/// this handler's context, and its own pongs and close frames; they go on through TLS.
final class WebSocketChatHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    /// Fragments of one message, at most.
    static let maxFragments = 64

    private let server: ChatServer
    private let reader: WebSocketFrameReader
    private let isSecure: Bool
    /// The language the browser asked for, if papod speaks it.
    private let language: Language?
    /// Set once the connection is being closed for a protocol error: what arrives is ignored.
    private var isRejected = false
    /// The admitted client's id; nil until admitted, and after a refusal.
    private var clientID: ClientID?
    /// Why the connection is ending, when we know better than "connection closed".
    private var departure: Departure?
    /// Received bytes of a frame not yet whole, and what the server was last told.
    private var input = UnfinishedInput()
    /// A fragmented text message so far, while its fragments arrive.
    private var fragments: ByteBuffer?
    private var fragmentCount = 0

    init(server: ChatServer, isSecure: Bool, language: Language? = nil) {
        self.server = server
        self.reader = WebSocketFrameReader(maxPayloadBytes: server.configuration.limits.maxFrameBytes)
        self.isSecure = isSecure
        self.language = language
    }

    /// Added once the upgrade's response is written: the browser is a chat client from now on.
    func handlerAdded(context: ChannelHandlerContext) {
        guard let id = self.server.connect(context, wire: .webSocket, isSecure: self.isSecure, language: self.language) else {
            self.isRejected = true
            return
        }
        self.clientID = id
        self.server.logger.debug(
            "client connected",
            metadata: [
                "client.id": "\(id)", "peer.address": "\(context.channel.remoteAddress?.description ?? "?")",
                "connection.door": "web", "connection.tls": "\(self.isSecure)",
            ])
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var incoming = Self.unwrapInboundIn(data)
        self.server.counters.bytesIn.add(incoming.readableBytes, ordering: .relaxed)
        guard !self.isRejected, let id = self.clientID else { return }
        var buffer = self.input.joining(&incoming)
        do {
            while !self.isRejected, let frame = try self.reader.next(from: &buffer) {
                self.handle(frame, from: id, context: context)
            }
        } catch {
            self.reject(id, error: Self.describe(error))
        }
        guard !self.isRejected else { return }
        // Tell the server when a message is begun or finished, for the frame deadline.
        let isPartial = buffer.readableBytes > 0 || self.fragments != nil
        if let progress = self.input.keep(&buffer, isPartial: isPartial) {
            self.server.noteInput(progress, from: id)
        }
    }

    /// What the browser is told it sent.
    private static func describe(_ error: WebSocketFrameReader.ReadError) -> Message {
        let malformed: Message
        switch error {
        case .tooLarge(let limit): return Message(.webSocketTooLarge, ["limit": .count(limit)])
        case .reservedBits: malformed = Message(.webSocketReservedBits)
        case .unmasked: malformed = Message(.webSocketUnmasked)
        case .reservedOpcode(let opcode): malformed = Message(.webSocketReservedOpcode, ["opcode": "\(opcode)"])
        case .longControlFrame: malformed = Message(.webSocketLongControlFrame)
        case .fragmentedControlFrame: malformed = Message(.webSocketFragmentedControlFrame)
        }
        return Self.malformed(malformed)
    }

    private static func malformed(_ problem: Message) -> Message {
        Message(.webSocketMalformed, ["problem": .message(problem)])
    }

    private func handle(_ frame: WebSocketFrameReader.Frame, from id: ClientID, context: ChannelHandlerContext) {
        switch frame.opcode {
        case .text where self.fragments != nil:
            self.reject(id, error: Self.malformed(Message(.webSocketMessageInsideFragments)))
        case .text where frame.isFinal:
            self.deliver(frame.payload, from: id)
        case .text:
            self.fragments = frame.payload
            self.fragmentCount = 1
        case .continuation:
            guard var message = self.fragments else {
                self.reject(id, error: Self.malformed(Message(.webSocketStrayContinuation)))
                return
            }
            var piece = frame.payload
            let limit = self.server.configuration.limits.maxFrameBytes
            guard message.readableBytes + piece.readableBytes <= limit else {
                self.reject(id, error: Message(.webSocketTooLarge, ["limit": .count(limit)]))
                return
            }
            self.fragmentCount += 1
            guard self.fragmentCount <= Self.maxFragments else {
                self.reject(id, error: Message(.webSocketTooManyFragments, ["limit": .count(Self.maxFragments)]))
                return
            }
            message.writeBuffer(&piece)
            if frame.isFinal {
                self.fragments = nil
                self.deliver(message, from: id)
            } else {
                self.fragments = message
            }
        case .binary:
            self.reject(id, error: Message(.webSocketBinary))
        case .ping:
            let pong = WebSocketFrameBytes.control(.pong, payload: frame.payload, allocator: context.channel.allocator)
            context.writeAndFlush(Self.wrapOutboundOut(pong), promise: nil)
        case .close:
            // The browser is leaving: answer its close, then the socket closes.
            let close = WebSocketFrameBytes.close(.normalClosure, reason: "", allocator: context.channel.allocator)
            let channel = context.channel
            context.writeAndFlush(Self.wrapOutboundOut(close)).whenComplete { _ in channel.close(promise: nil) }
            self.isRejected = true
        case .pong:
            // Pongs need no answer.
            break
        }
    }

    /// A whole text message: what the user typed.
    private func deliver(_ payload: ByteBuffer, from id: ClientID) {
        guard let text = String(validating: payload.readableBytesView, as: UTF8.self) else {
            self.reject(id, error: Message(.webSocketNotUTF8))
            return
        }
        self.server.receive(.frame(text), from: id)
    }

    /// A protocol error: the user is told why (an error event), the room sees them leave, and
    /// the connection closes once that is written.
    private func reject(_ id: ClientID, error: Message) {
        self.isRejected = true
        self.server.logger.debug(
            "websocket protocol error", metadata: ["client.id": "\(id)", "error": "\(error.rendered(in: .english))"])
        self.server.expel(
            id, error: Message(.closedAfterProtocolError, ["problem": .message(error)]), reason: Message(.reasonProtocolError))
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is ChannelShouldQuiesceEvent {
            // The door is closing: goodbye, then the close once it is written.
            if let id = self.clientID {
                self.server.shutDown(id)
            } else {
                context.close(promise: nil)
            }
            return
        }
        context.fireUserInboundEventTriggered(event)
    }

    func channelInactive(context: ChannelHandlerContext) {
        if let id = self.clientID {
            self.server.disconnect(id, channel: context.channel, departure: self.departure)
            self.clientID = nil
        }
        context.fireChannelInactive()
    }

    /// Past the send queue's high-water mark the browser is not reading: close it as a slow
    /// consumer rather than let papod's memory grow.
    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if let departure = Departure.slowConsumer(context.channel, limits: self.server.configuration.connectionLimits) {
            self.departure = departure
            context.close(promise: nil)
        }
        context.fireChannelWritabilityChanged()
    }

    /// The connection failed under us (a reset, a TLS error).
    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        self.departure = Departure(after: error)
        context.close(promise: nil)
    }
}

@available(*, unavailable)
extension WebSocketChatHandler: Sendable {}
