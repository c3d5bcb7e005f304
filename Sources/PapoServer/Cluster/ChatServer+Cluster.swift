import PapoCore

extension ChatServer {
    /// Where a clustered server's inputs wait to be logged (nil: papod alone).
    public var clusterOutbox: ChatLogOutbox? { self.cluster?.outbox }

    /// This server's node number in the cluster.
    public var clusterNode: NodeNumber? { self.cluster?.seat.node }

    /// The last log entry this node has applied (0 before any).
    public var appliedSequence: Int64 { self.cluster?.appliedSequence ?? 0 }

    /// The cluster's service says whether the shared log is reachable (`/healthz` shows it).
    public func noteClusterLog(reachable: Bool) {
        self.cluster?.isLogReachable = reachable
    }

    /// Returns once this node has applied the log through `sequence`.
    public func waitUntilApplied(_ sequence: Int64) async {
        await self.cluster?.waitUntilApplied(sequence)
    }

    /// Returns once this node's `nodeStopping` has come back from the log and been applied:
    /// its clients have been told goodbye (at once without a cluster).
    public func waitUntilNodeStopped() async {
        await self.cluster?.waitUntilStopped()
    }

    /// Applies entries of the cluster's log, in order, as every node does; carries out what
    /// concerns this node's connections, and what this node logged.
    public func applyLogged(_ entries: [LoggedChatInput]) {
        guard let cluster = self.cluster, let last = entries.last else { return }
        var answers: [(@Sendable (OperatorResult) -> Void, OperatorResult)] = []
        var hasStopped = false
        let applied = cluster.appliedSequence
        let followUps = self.withState { state in
            var followUps: [FollowUp] = []
            for entry in entries where entry.sequence > applied {
                let effects: [Effect]
                if case .operatorCommand(let line, let node, let request) = entry.input {
                    let waiting = cluster.takeOperatorRequest(request, of: node)
                    let (result, operatorEffects) = state.chat.executeOperator(
                        line, transport: waiting?.transport ?? TransportSnapshot(), at: entry.time)
                    if let waiting { answers.append((waiting.answer, result)) }
                    effects = operatorEffects
                } else {
                    effects = state.chat.apply(entry.input, at: entry.time)
                    if entry.input == .nodeStopping(cluster.seat.node) { hasStopped = true }
                }
                followUps += self.carryOut(effects, in: &state, authored: entry.author == cluster.seat.node)
            }
            return followUps
        }
        self.perform(followUps)
        cluster.noteApplied(through: last.sequence)
        if hasStopped { cluster.noteStopped() }
        for (answer, result) in answers { answer(result) }
    }
}
