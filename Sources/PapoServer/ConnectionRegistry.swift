import Foundation
import PapoCore

/// The admitted connections as the chat server keeps them (under its lock): who is connected
/// from where and on which loop, the admission caps, and the frame and silent deadlines.
///
/// One small entry per client: its loop, nothing else (the channel is the loop's, the address
/// the chat's record has). The per-address count follows sockets rather than clients: it
/// goes down when the connection's channel closes, which tells its address, so a client the
/// chat has dropped still counts until its socket is gone. The deadlines concern few
/// connections at a time (those that have not spoken yet, those in the middle of a
/// message), so they are kept apart: an idle client costs them nothing, and the tick looks
/// only at those.
struct ConnectionRegistry {
    struct Connection {
        /// The connection's loop: its slot in the server's inboxes.
        let slot: Int32
        /// How its lines are encoded.
        let wire: Wire
        /// Through TLS.
        let isSecure: Bool

        /// The door it came through, as metrics name it.
        var door: String {
            switch (self.wire, self.isSecure) {
            case (.text, false): return "assignment"
            case (.text, true): return "assignment_tls"
            case (.webSocket, false): return "web"
            case (.webSocket, true): return "web_tls"
            case (.irc, false), (.ircTagged, false), (.ircMessageTags, false): return "irc"
            case (.irc, true), (.ircTagged, true), (.ircMessageTags, true): return "irc_tls"
            }
        }
    }

    /// Why the transport drops a connection: what the client and its room are told.
    struct Expulsion: Equatable {
        let error: Message
        let reason: Message
    }

    let limits: ConnectionLimits
    private(set) var connections: [ClientID: Connection] = [:]
    private var countsByAddress: [String: Int] = [:]
    /// Admitted clients that have not sent a whole message yet, and when they connected.
    private var silentSince: [ClientID: Date] = [:]
    /// Clients that began a message they have not finished, and when they began it.
    private var partialSince: [ClientID: Date] = [:]
    private(set) var peak = 0
    /// The web door's HTTP connections that are no chat client (yet): until they upgrade or
    /// close they count against the caps as clients do, so a crowd of page requests cannot
    /// hold sockets past them.
    private(set) var visitorCount = 0
    /// Connections through the browser door: while there are none, no line is encoded for it.
    private var webCount = 0
    /// Connections through the IRC door, likewise: all, and those of each IRC wire.
    private var ircCount = 0
    private var ircWireCounts = IRCWireCounts()
    private var nextID: UInt64 = 1
    /// The cluster node whose connections these are (`.alone` for papod alone).
    private let node: NodeNumber

    init(limits: ConnectionLimits, node: NodeNumber = .alone) {
        self.limits = limits
        self.node = node
    }

    var count: Int { self.connections.count }

    /// Every connection ever given an id, admitted or refused.
    var total: Int { Int(self.nextID - 1) }

    /// Whether any of `recipients` reads the browser door's encoding (no lookups while no
    /// browser is connected).
    func hasWebRecipient(among recipients: [ClientID]) -> Bool {
        guard self.webCount > 0 else { return false }
        return recipients.contains { self.connections[$0]?.wire == .webSocket }
    }

    /// Whether any of `recipients` came through a text door (the assignment's): while none
    /// did, a line is not encoded for them (an IRC room's lines, say).
    func hasTextRecipient(among recipients: [ClientID]) -> Bool {
        let textCount = self.connections.count - self.webCount - self.ircCount
        guard textCount > 0 else { return false }
        if textCount == self.connections.count { return !recipients.isEmpty }
        return recipients.contains { self.connections[$0]?.wire == .text }
    }

    /// Which IRC encodings some of `recipients` read (no lookups while no IRC client is connected).
    func ircEncodings(among recipients: [ClientID]) -> IRCEncodings {
        guard self.ircCount > 0 else { return IRCEncodings() }
        var found = IRCEncodings()
        // One encoding in use: the first recipient through it is enough (most lines, most runs).
        if let only = self.ircWireCounts.onlyWire(amongAll: self.ircCount) {
            found.insert(only, if: recipients.contains { self.connections[$0]?.wire == only })
            return found
        }
        for id in recipients {
            guard let wire = self.connections[id]?.wire, wire.isIRC else { continue }
            found.insert(wire)
            if found.isComplete { break }
        }
        return found
    }

    /// Connections by door (for metrics): every door appears, with 0 if it has none.
    func countsByDoor() -> [String: Int] {
        var counts = ["assignment": 0, "assignment_tls": 0, "web": 0, "web_tls": 0, "irc": 0, "irc_tls": 0]
        for connection in self.connections.values {
            counts[connection.door, default: 0] += 1
        }
        return counts
    }

    mutating func makeID() -> ClientID {
        defer { self.nextID += 1 }
        return ClientID(node: self.node, local: self.nextID)
    }

    /// Why a new connection from `address` is refused, if it is.
    /// `inChat`: in a cluster, how many clients `address` has in the whole chat.
    func refusal(for address: String, serverName: String, isShuttingDown: Bool, inChat: Int? = nil) -> Message? {
        if isShuttingDown {
            return Message(.refusedShuttingDown, ["server": "\(serverName)"])
        }
        if self.limits.maxConnections > 0 && self.connections.count + self.visitorCount >= self.limits.maxConnections {
            return Message(.refusedServerFull, ["limit": .count(self.limits.maxConnections)])
        }
        if self.limits.maxConnectionsPerAddress > 0
            // In a cluster the chat's count covers every node; this node's own may be ahead of
            // it by arrivals not yet logged.
            && max(self.countsByAddress[address, default: 0], inChat ?? 0) >= self.limits.maxConnectionsPerAddress
        {
            return Message(.refusedTooManyFromAddress, ["limit": .count(self.limits.maxConnectionsPerAddress)])
        }
        return nil
    }

    mutating func admit(_ id: ClientID, address: String, slot: Int, wire: Wire = .text, isSecure: Bool = false, at now: Date) {
        self.connections[id] = Connection(slot: Int32(slot), wire: wire, isSecure: isSecure)
        if wire == .webSocket { self.webCount += 1 }
        if wire.isIRC {
            self.ircCount += 1
            self.ircWireCounts[wire] += 1
        } else {
            // An IRC client has spoken already: it registered before it was admitted.
            self.silentSince[id] = now
        }
        self.countsByAddress[address, default: 0] += 1
        self.peak = max(self.peak, self.connections.count)
    }

    /// An HTTP connection from `address` that may become a client: counted until it does or closes.
    mutating func admitVisitor(address: String) {
        self.visitorCount += 1
        self.countsByAddress[address, default: 0] += 1
    }

    /// A visitor has closed, or upgraded (before it is admitted as a client).
    mutating func releaseVisitor(address: String) {
        self.visitorCount -= 1
        self.release(address: address)
    }

    /// Forgets a connection's client (it left the chat, or its channel closed); returns its
    /// loop slot if it was still here.
    mutating func remove(_ id: ClientID) -> Int? {
        guard let connection = self.connections.removeValue(forKey: id) else { return nil }
        if connection.wire == .webSocket { self.webCount -= 1 }
        if connection.wire.isIRC {
            self.ircCount -= 1
            self.ircWireCounts[connection.wire] -= 1
        }
        self.silentSince[id] = nil
        self.partialSince[id] = nil
        return Int(connection.slot)
    }

    /// Stops watching `id`'s deadlines: its expulsion is on its way (through a cluster's log).
    mutating func stopWatching(_ id: ClientID) {
        self.silentSince[id] = nil
        self.partialSince[id] = nil
    }

    /// An admitted connection's socket from `address` has closed.
    mutating func release(address: String) {
        let remaining = (self.countsByAddress[address] ?? 1) - 1
        self.countsByAddress[address] = remaining > 0 ? remaining : nil
    }

    func slot(of id: ClientID) -> Int? {
        self.connections[id].map { Int($0.slot) }
    }

    /// The client sent a whole message: the silent deadline no longer applies.
    mutating func noteSpoke(_ id: ClientID) {
        if !self.silentSince.isEmpty { self.silentSince[id] = nil }
    }

    /// A client began a message or finished all it began.
    mutating func note(_ progress: InputProgress, from id: ClientID, at now: Date) {
        guard self.connections[id] != nil else { return }
        self.partialSince[id] = progress == .begun ? now : nil
    }

    /// Connections past the frame or silent deadline, in id order.
    func expired(at now: Date) -> [(ClientID, Expulsion)] {
        var expired: [(ClientID, Expulsion)] = []
        if self.limits.frameDeadline > 0 {
            let limit = MessageValue.seconds(self.limits.frameDeadline)
            for (id, since) in self.partialSince where now.timeIntervalSince(since) >= self.limits.frameDeadline {
                expired.append(
                    (id, Expulsion(
                        error: Message(.messageLeftUnfinished, ["limit": limit]), reason: Message(.reasonIncompleteMessage))))
            }
        }
        if self.limits.silentDeadline > 0 {
            let limit = MessageValue.seconds(self.limits.silentDeadline)
            for (id, since) in self.silentSince
            where self.partialSince[id] == nil && now.timeIntervalSince(since) >= self.limits.silentDeadline {
                expired.append(
                    (id, Expulsion(error: Message(.nothingReceived, ["limit": limit]), reason: Message(.reasonSilent))))
            }
        }
        return expired.sorted { $0.0 < $1.0 }
    }
}
