import PapoCore

/// A papod's membership of a cluster, as the database gave it at start.
public struct ClusterSeat: Sendable {
    /// This start's number: its clients' IDs carry it.
    public var node: NodeNumber
    /// Its `--node` name, as the others show it.
    public var name: String
    /// What every node seeds its chat state with, so all decide alike.
    public var secret: UInt64

    public init(node: NodeNumber, name: String, secret: UInt64) {
        self.node = node
        self.name = name
        self.secret = secret
    }
}
