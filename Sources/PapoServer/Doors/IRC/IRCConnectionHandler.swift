import Foundation
import Logging
import NIOCore
import NIOTLS
import PapoCore
import Synchronization

/// An IRC client's connection: its lines in, registration here, and once registered every
/// message handed to the chat (`InboundMessage.irc`), which answers through the loop's writer
/// like any door. What the chat sends comes out as IRC, encoded once per line for every IRC
/// recipient (`ChatState.ircMessages`).
///
/// Before registration the connection counts against the connection caps as a visitor (as
/// the web door's page requests do) and has the silent deadline to finish registering.
final class IRCConnectionHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    /// What a connection keeps only while it registers: boxed, and let go once registered, so
    /// that an idle client's handler stays small (every IRC connection has one).
    private final class Registering {
        var registration: IRCRegistration
        /// The address counted as a visitor, to release once.
        var visitorAddress: String?
        /// Where the registration deadline is watched (nil: no deadline), and from when.
        var deadlines: ArrivalDeadlines?
        var startedAt: TimeInterval = 0
        /// Wrong SASL passwords so far.
        var failedLogins = 0

        init(_ registration: IRCRegistration) {
            self.registration = registration
        }
    }

    // Stored fields are ordered for packing.
    private let server: ChatServer
    private var registering: Registering?
    private var input = UnfinishedInput()
    private var decoder = IRCLineDecoder()
    /// When the client last sent anything, in seconds of the server's uptime.
    private var lastInput: UInt32 = 0
    /// The admitted client's id; 0 until registered (ids start at 1).
    private var clientNumber: UInt64 = 0
    /// Once registered: its capabilities.
    private var capabilities = IRCCapabilities()
    private let isSecure: Bool
    private var isClosing = false
    /// A PING went out and nothing has come since.
    private var isPingOutstanding = false
    private var departure: Departure?

    private var clientID: ClientID? {
        get { self.clientNumber == 0 ? nil : ClientID(self.clientNumber) }
        set { self.clientNumber = newValue?.rawValue ?? 0 }
    }

    private var registration: IRCRegistration? {
        get { self.registering?.registration }
        set { if let newValue { self.registering?.registration = newValue } }
    }

    init(server: ChatServer, isSecure: Bool) {
        self.server = server
        self.isSecure = isSecure
    }

    func channelActive(context: ChannelHandlerContext) {
        // Behind TLS registration may start before the handshake ends; NIOSSL holds the bytes.
        let address = ChatServer.address(of: context.channel)
        if let refusal = self.server.admitVisitor(from: address) {
            let text = refusal.rendered(in: self.server.configuration.chat.language)
            self.closeWithError("Closing link: \(text)", context: context)
            return
        }
        let registering = Registering(IRCRegistration(server: self.server.ircServerInfo()))
        registering.visitorAddress = address
        self.registering = registering
        if self.server.configuration.connectionLimits.silentDeadline > 0 {
            let deadlines = self.server.arrivalDeadlines(on: context.eventLoop)
            registering.startedAt = self.server.configuration.uptime()
            registering.deadlines = deadlines
            deadlines.watch(self, context: context)
        }
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var incoming = Self.unwrapInboundIn(data)
        self.lastInput = self.server.uptimeSeconds()
        self.isPingOutstanding = false
        self.server.counters.bytesIn.add(incoming.readableBytes, ordering: .relaxed)
        guard !self.isClosing else { return }
        var buffer = self.input.joining(&incoming)
        while !self.isClosing {
            let line: String?
            do {
                line = try self.decoder.next(from: &buffer)
            } catch {
                self.answer(error, context: context)
                continue
            }
            guard let line else { break }
            self.handle(line, context: context)
        }
        guard !self.isClosing else { return }
        if let progress = self.input.keep(&buffer, isPartial: self.decoder.isPartial(buffer)), let id = self.clientID {
            self.server.noteInput(progress, from: id)
        }
    }

    private func handle(_ line: String, context: ChannelHandlerContext) {
        let message: IRCMessage
        do {
            message = try IRCMessage(parsing: line[...])
        } catch {
            // A line that is no IRC message at all: said once, and the connection kept.
            self.write([IRCMessage(command: "NOTICE", parameters: [self.target, "error: \(error)"], source: self.serverName)], context: context)
            return
        }
        if let id = self.clientID {
            switch message.command {
            case "CAP":
                // Capabilities stay the door's: the chat has no use for them.
                let before = self.capabilities
                let replies = IRCRegistration.negotiate(
                    message, server: self.serverName, target: self.target, capabilities: &self.capabilities, isRegistered: true)
                self.write(replies, context: context)
                if self.capabilities != before { self.server.setIRCCapabilities(self.capabilities, for: id) }
            case "PONG":
                break
            default:
                self.server.receive(.irc(message), from: id)
            }
            return
        }
        guard var registration = self.registration else { return }
        let outcome = registration.receive(message)
        self.registration = registration
        switch outcome {
        case .reply(let replies):
            self.write(replies, context: context)
        case .quit(let error):
            self.write([error], context: context)
            self.isClosing = true
            context.close(promise: nil)
        case .complete(let nick, _, _):
            self.register(nick: nick, context: context)
        case .authenticate(let password):
            self.authenticate(password, context: context)
        }
    }

    /// SASL PLAIN's password, checked by the chat's rules for `/login` (TLS where required,
    /// lockouts); too many failures on one connection lock its address out and close it.
    private func authenticate(_ password: String, context: ChannelHandlerContext) {
        guard let registering = self.registering else { return }
        let address = ChatServer.address(of: context.channel)
        switch self.server.checkModeratorPassword(password, address: address, isSecure: self.isSecure) {
        case .accepted:
            let host = self.server.ircCloak(of: address)
            self.write(registering.registration.saslSucceeded(host: host), context: context)
        case .refused(let reason):
            self.write(registering.registration.saslFailed(reason), context: context)
        case .wrong:
            registering.failedLogins += 1
            let isLast = registering.failedLogins >= self.server.configuration.chat.maxLoginAttempts
            self.server.noteFailedSASL(by: registering.registration.nickGiven ?? "*", from: address, lockingOut: isLast)
            self.write(registering.registration.saslFailed(), context: context)
            if isLast { self.closeWithError("Closing link: too many failed logins", context: context) }
        }
    }

    private func register(nick: Nick, context: ChannelHandlerContext) {
        if let address = self.registering?.visitorAddress {
            // From a visitor to a client: the registry counts it again as it admits it.
            self.server.releaseVisitor(from: address)
            self.registering?.visitorAddress = nil
        }
        let capabilities = self.registration?.capabilities ?? IRCCapabilities()
        switch self.server.connectIRC(context, nick: nick, capabilities: capabilities, isSecure: self.isSecure) {
        case .admitted(let id):
            self.clientID = id
            self.registering?.deadlines?.forget(self)
            // Written now, on the loop, before the chat's first lines (queued for this loop's
            // next drain): the welcome numerics come first, as clients expect.
            self.write(self.server.ircWelcome(nick: nick, address: ChatServer.address(of: context.channel), id: id), context: context)
            if self.registration?.isAuthenticated == true {
                self.server.grantModeratorAfterSASL(id)
            } else if let password = self.registration?.password {
                self.server.receive(.irc(IRCMessage(command: "OPER", parameters: [nick.name, password])), from: id)
            }
            self.capabilities = capabilities
            self.registering = nil
            self.server.logger.debug(
                "client connected",
                metadata: [
                    "client.id": "\(id)", "peer.address": "\(context.channel.remoteAddress?.description ?? "?")",
                    "connection.door": "irc", "connection.tls": "\(self.isSecure)",
                ])
        case .nickTaken:
            // Back to a visitor until it picks another nick.
            let address = ChatServer.address(of: context.channel)
            if let refusal = self.server.admitVisitor(from: address) {
                self.closeWithError("Closing link: \(refusal.rendered(in: self.server.configuration.chat.language))", context: context)
                return
            }
            self.registering?.visitorAddress = address
            if var registration = self.registration {
                self.write(registration.nickTaken(), context: context)
                self.registration = registration
            }
        case .refused:
            // The chat has queued its line and the close.
            self.isClosing = true
        }
    }

    private func answer(_ error: IRCLineError, context: ChannelHandlerContext) {
        switch error {
        case .tooLong:
            self.write(
                [IRCMessage.numeric(.inputTooLong, server: self.serverName, target: self.target, ["Input line was too long"])],
                context: context)
        case .notUTF8:
            self.write(
                [IRCMessage(command: "NOTICE", parameters: [self.target, "error: papod takes UTF-8 only (UTF8ONLY)"], source: self.serverName)],
                context: context)
        }
    }

    private var serverName: String { self.server.configuration.chat.serverName }

    /// Numerics' target: the nick once registered (the chat's own lines name it themselves),
    /// `*` before.
    private var target: String { self.clientID == nil ? "*" : (self.server.nick(of: self.clientID!) ?? "*") }

    /// The door's own replies, straight to the connection (the chat's lines come through the
    /// loop's writer).
    private func write(_ messages: [IRCMessage], context: ChannelHandlerContext) {
        guard !messages.isEmpty else { return }
        var bytes = context.channel.allocator.buffer(capacity: messages.count * 64)
        for message in messages {
            bytes.writeString(message.serialized)
            bytes.writeStaticString("\r\n")
        }
        self.server.counters.bytesOut.add(bytes.readableBytes, ordering: .relaxed)
        context.writeAndFlush(Self.wrapOutboundOut(bytes), promise: nil)
    }

    private func closeWithError(_ text: String, context: ChannelHandlerContext) {
        self.isClosing = true
        let error = IRCMessage(command: "ERROR", parameters: [text])
        let channel = context.channel
        context.writeAndFlush(Self.wrapOutboundOut(channel.allocator.buffer(string: error.serialized + "\r\n"))).whenComplete { _ in
            channel.close(promise: nil)
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is ChannelShouldQuiesceEvent {
            if let id = self.clientID {
                self.server.shutDown(id)
            } else if !self.isClosing {
                self.closeWithError("Closing link: server shutting down", context: context)
            }
            return
        }
        context.fireUserInboundEventTriggered(event)
    }

    func channelInactive(context: ChannelHandlerContext) {
        self.registering?.deadlines?.forget(self)
        if let address = self.registering?.visitorAddress {
            self.server.releaseVisitor(from: address)
            self.registering?.visitorAddress = nil
        }
        if let id = self.clientID {
            self.server.disconnect(id, channel: context.channel, departure: self.departure)
            self.clientID = nil
        }
        context.fireChannelInactive()
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if let departure = Departure.slowConsumer(context.channel, limits: self.server.configuration.connectionLimits) {
            self.departure = departure
            context.close(promise: nil)
        }
        context.fireChannelWritabilityChanged()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        self.departure = Departure(after: error)
        context.close(promise: nil)
    }
}

extension IRCConnectionHandler: LivenessWatching {
    /// Silent for the ping interval: a PING; silent for the timeout after it: closed.
    func checkLiveness(context: ChannelHandlerContext, now: UInt32) {
        guard self.clientID != nil, !self.isClosing else { return }
        let limits = self.server.configuration.connectionLimits
        let silent = TimeInterval(now &- self.lastInput)
        if !self.isPingOutstanding {
            guard limits.ircPingInterval > 0, silent >= limits.ircPingInterval else { return }
            self.isPingOutstanding = true
            self.lastInput = now
            self.write([IRCMessage(command: "PING", parameters: [self.serverName], source: self.serverName)], context: context)
        } else if limits.ircPingTimeout > 0, silent >= limits.ircPingTimeout {
            self.departure = .pingTimeout
            self.closeWithError("Closing link: ping timeout (\(Int(limits.ircPingTimeout)) seconds)", context: context)
        }
    }
}

extension IRCConnectionHandler: ArrivalWatching {
    /// Not registered within the silent deadline: closed.
    func checkDeadline(context: ChannelHandlerContext, uptime: TimeInterval) {
        guard let registering = self.registering, self.clientID == nil, !self.isClosing else { return }
        let deadline = self.server.configuration.connectionLimits.silentDeadline
        guard uptime - registering.startedAt >= deadline else { return }
        registering.deadlines?.forget(self)
        self.closeWithError("Closing link: registration timed out", context: context)
    }
}

@available(*, unavailable)
extension IRCConnectionHandler: Sendable {}
