import Foundation

/// One event the chat state applies, as a cluster's nodes share it: every node applies the same
/// inputs in the same order to its own copy of the state, at the time the log gives each, and
/// carries out the effects for its own connections. Papod alone applies them as they come.
public enum ChatInput: Sendable, Equatable, Codable {
    /// A connection is admitted into the chat.
    case connect(ClientArrival)
    /// A client's input; `arrivedAt`, in a cluster, when it reached its node: flood control
    /// counts by it, as the log's time may be much later (held through an outage).
    case receive(InboundMessage, from: ClientID, arrivedAt: Date? = nil)
    /// A client's connection closed.
    case disconnect(ClientID, reason: Message)
    /// The transport drops a client: it is told `error`, its room sees it leave for `reason`.
    case expel(ClientID, error: Message, reason: Message)
    /// An IRC client changed its capabilities after registering.
    case setIRCCapabilities(IRCCapabilities, for: ClientID)
    /// A wrong SASL password, before the client was in the chat.
    case failedSASL(nick: String, address: String, lockingOut: Bool)
    /// A right SASL password: the client becomes a moderator.
    case grantModeratorAfterSASL(ClientID)
    /// An operator's command line, from the console or papoctl of node `node`; `request`
    /// names it there, so that node can answer the operator who typed it.
    case operatorCommand(String, node: NodeNumber, request: UInt64)
    /// A node joined the cluster under `name`: an earlier start of that name is gone.
    case nodeStarted(NodeNumber, name: String)
    /// A node is alive; the clock moves on (mutes and bans lapse, breakouts end) and nodes
    /// that have been silent too long are lost.
    case heartbeat(NodeNumber)
    /// A node is stopping: its clients are told goodbye, and the others see them leave.
    case nodeStopping(NodeNumber)
}

/// A connection as it enters the chat (`ChatState.connect`'s arguments).
public struct ClientArrival: Sendable, Equatable, Codable {
    public var id: ClientID
    public var address: String
    public var isSecure: Bool
    public var language: Language?
    public var nick: Nick?
    public var presenceAsEvents: Bool
    public var ircCapabilities: IRCCapabilities

    public init(
        id: ClientID, address: String, isSecure: Bool = false, language: Language? = nil, nick: Nick? = nil,
        presenceAsEvents: Bool = false, ircCapabilities: IRCCapabilities = IRCCapabilities()
    ) {
        self.id = id
        self.address = address
        self.isSecure = isSecure
        self.language = language
        self.nick = nick
        self.presenceAsEvents = presenceAsEvents
        self.ircCapabilities = ircCapabilities
    }
}

extension ChatState {
    /// Applies one input at `now`. An operator's command is `executeOperator`'s: its answer
    /// belongs to whoever asked, so the caller runs it with its own transport figures.
    public mutating func apply(_ input: ChatInput, at now: Date) -> [Effect] {
        self.noteLogTime(now)
        switch input {
        case .connect(let arrival):
            return self.connect(
                arrival.id, address: arrival.address, isSecure: arrival.isSecure, language: arrival.language,
                nick: arrival.nick, presenceAsEvents: arrival.presenceAsEvents, ircCapabilities: arrival.ircCapabilities,
                at: now)
        case .receive(let message, let id, let arrivedAt):
            return self.receive(message, from: id, at: now, arrivedAt: arrivedAt)
        case .disconnect(let id, let reason):
            return self.disconnect(id, reason: reason, at: now)
        case .expel(let id, let error, let reason):
            self.lastKnownTime = now
            return self.expel(id, error: error, reason: reason)
        case .setIRCCapabilities(let capabilities, let id):
            self.setIRCCapabilities(capabilities, for: id)
            return []
        case .failedSASL(let nick, let address, let lockingOut):
            return self.noteFailedSASL(by: nick, from: address, lockingOut: lockingOut, at: now)
        case .grantModeratorAfterSASL(let id):
            return self.grantModeratorAfterSASL(id, at: now)
        case .operatorCommand(let line, _, _):
            return self.executeOperator(line, at: now).effects
        case .nodeStarted(let node, let name):
            return self.nodeStarted(node, name: name, at: now)
        case .heartbeat(let node):
            return self.heartbeat(from: node, at: now)
        case .nodeStopping(let node):
            return self.nodeStopping(node, at: now)
        }
    }
}
