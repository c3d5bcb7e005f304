/// What a node gets when it joins the cluster (`PostgresChatLog.joinCluster`): a number no
/// other start of a node has had, and the secret every node shares.
public struct ClusterMembership: Sendable, Equatable {
    /// The largest number a node may have: numbers fit in 24 bits, so that whatever a node
    /// numbers on its own can carry its node number in the remaining bits.
    public static let largestNumber: UInt32 = 0xFF_FFFF

    /// This start's number, 1...`largestNumber`. A node that restarts gets a new one, so
    /// nothing it numbered before (by a counter that began again at zero) can clash.
    public let number: UInt32
    /// Drawn once by PostgreSQL when the database was migrated; the same on every node.
    public let secret: UInt64

    public init(number: UInt32, secret: UInt64) {
        self.number = number
        self.secret = secret
    }
}

/// The node number taken is out of range: past 24 bits once the numbers are used up (or
/// below 1 if someone altered the sequence).
public struct NodeNumberError: Error, CustomStringConvertible {
    public let taken: Int64

    public var description: String {
        "the cluster handed out node number \(self.taken), outside 1...\(ClusterMembership.largestNumber);"
            + " with every node stopped, number them from 1 again: ALTER SEQUENCE cluster_node_number RESTART"
    }
}
