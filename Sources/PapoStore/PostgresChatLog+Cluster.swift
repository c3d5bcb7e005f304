import PostgresNIO

extension PostgresChatLog {
    /// Takes a node number for this start and reads the cluster's secret. Call it once per
    /// start: every call takes a new number (numbers taken by failed starts are skipped).
    public func joinCluster(on connection: PostgresConnection) async throws -> ClusterMembership {
        let rows = try await connection.query(
            "SELECT nextval('cluster_node_number'), (SELECT secret FROM cluster_secret)", logger: self.link.logger)
        var taken: (number: Int64, secret: Int64?)?
        for try await row in rows.decode((Int64, Int64?).self) { taken = row }
        guard let taken, let secret = taken.secret else { throw MissingRowError(table: "cluster_secret") }
        guard taken.number >= 1, taken.number <= Int64(ClusterMembership.largestNumber) else {
            throw NodeNumberError(taken: taken.number)
        }
        return ClusterMembership(number: UInt32(taken.number), secret: UInt64(bitPattern: secret))
    }
}
