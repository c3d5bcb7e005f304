import Foundation
import PapoCore

/// The admitted connections as the chat server keeps them (under its lock): who is connected
/// from where and on which loop, the admission caps, and the frame and silent deadlines.
///
/// One small entry per client: no channel (the connection's loop holds that), and only the
/// address of what the chat's record has, since the per-address count needs it after the
/// record is gone.
struct ConnectionRegistry {
    struct Connection {
        let address: String
        /// When the client began a message it has not finished (for the frame deadline).
        var partialSince: Date?
        /// Whether the client has sent a whole message yet (the silent deadline ends then).
        var hasSpoken = false
        /// The connection's loop: its slot in the server's inboxes.
        let slot: Int32
    }

    /// Why the transport drops a connection: what the client and its room are told.
    struct Expulsion: Equatable {
        let error: String
        let reason: String
    }

    let limits: ConnectionLimits
    private(set) var connections: [ClientID: Connection] = [:]
    private var countsByAddress: [String: Int] = [:]
    private(set) var peak = 0
    private var nextID: UInt64 = 1

    init(limits: ConnectionLimits) {
        self.limits = limits
    }

    var count: Int { self.connections.count }

    /// Every connection ever given an id, admitted or refused.
    var total: Int { Int(self.nextID - 1) }

    mutating func makeID() -> ClientID {
        defer { self.nextID += 1 }
        return ClientID(self.nextID)
    }

    /// Why a new connection from `address` is refused, if it is.
    func refusal(for address: String, serverName: String, isShuttingDown: Bool) -> String? {
        if isShuttingDown {
            return "\(serverName) is shutting down"
        }
        if self.limits.maxConnections > 0 && self.connections.count >= self.limits.maxConnections {
            return "the server is full (\(self.limits.maxConnections) connections); try again later"
        }
        if self.limits.maxConnectionsPerAddress > 0
            && self.countsByAddress[address, default: 0] >= self.limits.maxConnectionsPerAddress
        {
            return "too many connections from your address (limit \(self.limits.maxConnectionsPerAddress))"
        }
        return nil
    }

    mutating func admit(_ id: ClientID, address: String, slot: Int) {
        self.connections[id] = Connection(address: address, slot: Int32(slot))
        self.countsByAddress[address, default: 0] += 1
        self.peak = max(self.peak, self.connections.count)
    }

    /// Forgets a connection; returns its loop slot if it was admitted.
    mutating func remove(_ id: ClientID) -> Int? {
        guard let connection = self.connections.removeValue(forKey: id) else { return nil }
        let remaining = (self.countsByAddress[connection.address] ?? 1) - 1
        self.countsByAddress[connection.address] = remaining > 0 ? remaining : nil
        return Int(connection.slot)
    }

    func slot(of id: ClientID) -> Int? {
        self.connections[id].map { Int($0.slot) }
    }

    mutating func noteSpoke(_ id: ClientID) {
        self.connections[id]?.hasSpoken = true
    }

    /// A client began a message or finished all it began.
    mutating func note(_ progress: InputProgress, from id: ClientID, at now: Date) {
        self.connections[id]?.partialSince = progress == .begun ? now : nil
    }

    /// Connections past the frame or silent deadline, in id order.
    func expired(clients: [ClientID: ClientRecord], at now: Date) -> [(ClientID, Expulsion)] {
        var expired: [(ClientID, Expulsion)] = []
        for (id, connection) in self.connections {
            if self.limits.frameDeadline > 0, let since = connection.partialSince,
                now.timeIntervalSince(since) >= self.limits.frameDeadline
            {
                let limit = DurationText.seconds(self.limits.frameDeadline)
                expired.append(
                    (id, Expulsion(error: "a message was left unfinished for \(limit); closing", reason: "incomplete message")))
            } else if self.limits.silentDeadline > 0, !connection.hasSpoken, connection.partialSince == nil,
                let connectedAt = clients[id]?.connectedAt,
                now.timeIntervalSince(connectedAt) >= self.limits.silentDeadline
            {
                let limit = DurationText.seconds(self.limits.silentDeadline)
                expired.append(
                    (id, Expulsion(error: "nothing received within \(limit) of connecting; closing", reason: "silent")))
            }
        }
        return expired.sorted { $0.0 < $1.0 }
    }
}
