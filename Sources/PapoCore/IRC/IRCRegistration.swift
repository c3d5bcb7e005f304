import Foundation

/// An IRC connection before it is a chat client: `CAP`, `PASS`, `NICK` and `USER`, in any
/// order, until it has a nick and a user and no capability negotiation is open.
///
/// Pure: it takes each parsed message and says what to answer and whether registration is
/// complete. The door asks the chat for the nick only then (it may be taken meanwhile: the
/// door answers 433 and registration goes on with the next `NICK`).
public struct IRCRegistration: Sendable {
    /// What a message leads to.
    public enum Outcome: Equatable, Sendable {
        /// Replies to send; registration goes on.
        case reply([IRCMessage])
        /// The client has given all it must: the door admits it with these, unless the nick is
        /// taken (`nickTaken`).
        case complete(Nick, user: String, realName: String)
        /// `QUIT` before registering: close with this `ERROR`.
        case quit(IRCMessage)
        /// SASL PLAIN gave this password: the door checks it and answers `saslSucceeded` or
        /// `saslFailed`.
        case authenticate(password: String)
    }

    public let server: IRCServerInfo
    private var nick: Nick?
    private var user: String?
    private var realName = ""
    /// `CAP LS` or `REQ` came and `CAP END` has not: registration waits for it.
    private var isNegotiating = false
    public private(set) var capabilities = IRCCapabilities()
    /// The `PASS` given, if any: used as the moderator password once registered.
    public private(set) var password: String?
    /// SASL: `AUTHENTICATE PLAIN` came and its payload is awaited (what came of it so far).
    private var saslPayload: String?
    /// SASL succeeded: the client is a moderator once it is in the chat.
    public private(set) var isAuthenticated = false

    /// Base64 chunks of an AUTHENTICATE payload: one of exactly this size says more follows.
    static let saslChunk = 400

    public init(server: IRCServerInfo) {
        self.server = server
    }

    /// The nick given so far, if valid.
    public var nickGiven: String? { self.nick?.name }

    /// The target of numerics before registration: the nick given so far, or `*`.
    private var target: String { self.nick?.name ?? "*" }

    public mutating func receive(_ message: IRCMessage) -> Outcome {
        switch message.command {
        case "CAP":
            return self.negotiate(message)
        case "PASS":
            guard let password = message.parameters.first else { return self.needMoreParameters(message) }
            self.password = password
            return .reply([])
        case "NICK":
            guard let raw = message.parameters.first, !raw.isEmpty else {
                return .reply([self.numeric(.noNicknameGiven, ["No nickname given"])])
            }
            do throws(NameError) {
                self.nick = try Nick(raw)
            } catch {
                return .reply([self.numeric(.erroneousNickname, [raw, error.message.rendered(in: self.server.language)])])
            }
            return self.completion()
        case "USER":
            guard message.parameters.count >= 4, !message.parameters[0].isEmpty else {
                return self.needMoreParameters(message)
            }
            self.user = IRCServerInfo.userName(message.parameters[0])
            self.realName = message.parameters[3]
            return self.completion()
        case "PING":
            guard let token = message.parameters.first, !token.isEmpty else { return self.needMoreParameters(message) }
            return .reply([IRCMessage(command: "PONG", parameters: [self.server.name, token], source: self.server.name)])
        case "PONG":
            return .reply([])
        case "QUIT":
            return .quit(IRCMessage(command: "ERROR", parameters: ["Closing link: quit before registering"]))
        case "AUTHENTICATE":
            return self.authenticate(message)
        default:
            return .reply([self.numeric(.notRegistered, ["You have not registered"])])
        }
    }

    private mutating func authenticate(_ message: IRCMessage) -> Outcome {
        guard self.capabilities.contains(.sasl), !self.isAuthenticated, let argument = message.parameters.first else {
            return .reply([self.numeric(.saslFail, ["SASL authentication failed"])])
        }
        if argument == "*" {
            self.saslPayload = nil
            return .reply([self.numeric(.saslAborted, ["SASL authentication aborted"])])
        }
        guard var payload = self.saslPayload else {
            guard argument.uppercased() == "PLAIN" else {
                return .reply([self.numeric(.saslMechanisms, ["PLAIN", "are available SASL mechanisms"]), self.numeric(.saslFail, ["SASL authentication failed"])])
            }
            self.saslPayload = ""
            return .reply([IRCMessage(command: "AUTHENTICATE", parameters: ["+"], source: self.server.name)])
        }
        if argument != "+" { payload += argument }
        guard payload.utf8.count <= 4 * Self.saslChunk else {
            self.saslPayload = nil
            return .reply([self.numeric(.saslTooLong, ["SASL message too long"])])
        }
        if argument.utf8.count == Self.saslChunk {
            self.saslPayload = payload
            return .reply([])
        }
        self.saslPayload = nil
        // authzid NUL authcid NUL password: papod has one account, the moderator's.
        guard let decoded = Data(base64Encoded: payload), let text = String(data: decoded, encoding: .utf8) else {
            return .reply([self.numeric(.saslFail, ["SASL authentication failed"])])
        }
        let fields = text.split(separator: "\0", omittingEmptySubsequences: false)
        guard fields.count == 3 else { return .reply([self.numeric(.saslFail, ["SASL authentication failed"])]) }
        return .authenticate(password: String(fields[2]))
    }

    /// The password was the moderator's: 900 and 903, and the client is one once in the chat.
    public mutating func saslSucceeded(host: String) -> [IRCMessage] {
        self.isAuthenticated = true
        let mask = "\(self.target)!~u@\(host)"
        return [
            self.numeric(.loggedIn, [mask, "moderator", "You are now logged in as moderator"]),
            self.numeric(.saslSuccess, ["SASL authentication successful"]),
        ]
    }

    /// The password was not it (or was not looked at: `reason` says why).
    public func saslFailed(_ reason: String? = nil) -> [IRCMessage] {
        var replies: [IRCMessage] = []
        if let reason {
            replies.append(IRCMessage(command: "NOTICE", parameters: [self.target, "error: \(reason)"], source: self.server.name))
        }
        return replies + [self.numeric(.saslFail, ["SASL authentication failed"])]
    }

    /// The nick the door asked the chat for is taken: 433, and registration waits for another.
    public mutating func nickTaken() -> [IRCMessage] {
        guard let nick = self.nick else { return [] }
        self.nick = nil
        return [
            IRCMessage.numeric(.nicknameInUse, server: self.server.name, target: "*", [nick.name, "Nickname is already in use"])
        ]
    }

    private mutating func completion() -> Outcome {
        guard !self.isNegotiating, let nick = self.nick, let user = self.user else { return .reply([]) }
        return .complete(nick, user: user, realName: self.realName)
    }

    private mutating func negotiate(_ message: IRCMessage) -> Outcome {
        let subcommand = message.parameters.first?.uppercased()
        switch subcommand {
        case "LS", "REQ": self.isNegotiating = true
        case "END":
            self.isNegotiating = false
            return self.completion()
        default: break
        }
        return .reply(
            Self.negotiate(message, server: self.server.name, target: self.target, capabilities: &self.capabilities, isRegistered: false))
    }

    /// The answer to `CAP LS`, `LIST` or `REQ`, before registration or after it (the door
    /// keeps a registered client's capabilities); `END` needs none.
    public static func negotiate(
        _ message: IRCMessage, server: String, target: String, capabilities: inout IRCCapabilities, isRegistered: Bool
    ) -> [IRCMessage] {
        let cap = { (subcommand: String, list: String) in
            IRCMessage(command: "CAP", parameters: [target, subcommand, list], source: server)
        }
        guard let subcommand = message.parameters.first?.uppercased() else {
            return [IRCMessage.numeric(.needMoreParams, server: server, target: target, ["CAP", "Not enough parameters"])]
        }
        switch subcommand {
        case "LS":
            let is302 = (message.parameters.dropFirst().first.flatMap(Int.init) ?? 0) >= 302
            if is302 {
                // 302 implies cap-notify, which papod honours by never changing its list.
                capabilities.insert(.capNotify)
            }
            return [cap("LS", IRCCapabilities.offered.listed(values: is302))]
        case "LIST":
            return [cap("LIST", capabilities.names)]
        case "REQ":
            let requested = message.parameters.dropFirst().first ?? ""
            guard let accepted = capabilities.applying(requested, isRegistered: isRegistered) else {
                return [cap("NAK", requested)]
            }
            capabilities = accepted
            return [cap("ACK", requested)]
        case "END":
            return []
        default:
            return [IRCMessage.numeric(.invalidCapCommand, server: server, target: target, [subcommand, "Invalid CAP command"])]
        }
    }

    private func numeric(_ numeric: IRCNumeric, _ parameters: [String]) -> IRCMessage {
        IRCMessage.numeric(numeric, server: self.server.name, target: self.target, parameters)
    }

    private func needMoreParameters(_ message: IRCMessage) -> Outcome {
        .reply([self.numeric(.needMoreParams, [message.command, "Not enough parameters"])])
    }
}
