import Foundation

/// A member of the cluster, as the log tells of it.
public struct ClusterNode: Sendable, Equatable, Codable {
    /// Its `--node` name.
    public let name: String
    /// The time of its last entry that said it was alive.
    public internal(set) var lastHeard: Date
}

extension ChatState {
    /// How long a node may be silent before the others count it lost (it sends a heartbeat
    /// every second).
    public static let nodeSilenceLimit: TimeInterval = 5

    /// A log with no entry for this long was unreachable (every live node beats every second):
    /// the time it was away is no node's silence.
    public static let logGapLimit: TimeInterval = 2

    /// Notes the time of an entry of the log; after a gap (PostgreSQL was unreachable, or
    /// every node stalled), every node's silence is counted from the end of the gap, so the
    /// nodes that could not write meanwhile are not lost for it.
    mutating func noteLogTime(_ now: Date) {
        if let last = self.lastLogTime, now.timeIntervalSince(last) > Self.logGapLimit, !self.clusterNodes.isEmpty {
            let gap = now.timeIntervalSince(last)
            for node in self.clusterNodes.keys {
                self.clusterNodes[node]?.lastHeard.addTimeInterval(gap)
            }
        }
        self.lastLogTime = now
    }

    /// The name of the node `id`'s connection is on (nil for papod alone).
    public func nodeName(of id: ClientID) -> String? {
        self.clusterNodes[id.node]?.name
    }

    /// The goodbye papod says to `id` as it stops, and the close; the chat itself is left as
    /// it is (a node that cannot reach the cluster's log still says goodbye to its own).
    public func farewell(to id: ClientID) -> [Effect] {
        let line: MessageLine
        if let message = self.scheduledShutdown?.message {
            line = .notice(.shuttingDownWithMessage, ["server": "\(self.serverName)", "message": "\(message)"])
        } else {
            line = .notice(.shuttingDown, ["server": "\(self.serverName)"])
        }
        return [.deliver(line.rendered(in: self.language(of: id)), to: [id]), .close(id)]
    }

    mutating func nodeStarted(_ node: NodeNumber, name: String, at now: Date) -> [Effect] {
        self.lastKnownTime = now
        // An earlier start of the same node died without saying so: its clients are gone.
        for (earlier, member) in self.clusterNodes.sorted(by: { $0.key < $1.key })
        where member.name == name && earlier != node {
            self.lose(earlier)
        }
        self.clusterNodes[node] = ClusterNode(name: name, lastHeard: now)
        self.loseSilentNodes(at: now)
        return self.takeEffects()
    }

    mutating func heartbeat(from node: NodeNumber, at now: Date) -> [Effect] {
        // A node already counted lost stays lost: its clients have left.
        self.clusterNodes[node]?.lastHeard = now
        var effects = self.tick(at: now)
        self.loseSilentNodes(at: now)
        effects += self.takeEffects()
        return effects
    }

    mutating func nodeStopping(_ node: NodeNumber, at now: Date) -> [Effect] {
        self.lastKnownTime = now
        for id in self.clients(on: node) {
            self.pending += self.farewell(to: id)
            // The other nodes' clients see them leave, as papod alone would not announce.
            self.remove(id, reason: .message(Message(.reasonServerShuttingDown)))
        }
        self.clusterNodes[node] = nil
        return self.takeEffects()
    }

    private mutating func loseSilentNodes(at now: Date) {
        let silent = self.clusterNodes.filter { now.timeIntervalSince($0.value.lastHeard) > Self.nodeSilenceLimit }
        for node in silent.keys.sorted() {
            self.lose(node)
        }
    }

    /// `node`'s clients leave (`server lost`); should the node still be alive, its connections
    /// are told and closed, so they reconnect.
    private mutating func lose(_ node: NodeNumber) {
        for id in self.clients(on: node) {
            self.reply(id, .error(.lostByCluster, ["server": "\(self.serverName)"]))
            self.pending.append(.close(id))
            self.remove(id, reason: .message(Message(.reasonServerLost)))
        }
        self.clusterNodes[node] = nil
    }

    /// `node`'s clients in order of arrival, so every node acts on them in the same order.
    private func clients(on node: NodeNumber) -> [ClientID] {
        self.clients.keys.filter { $0.node == node }.sorted()
    }
}
