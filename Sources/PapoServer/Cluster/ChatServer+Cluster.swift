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

    /// Starts from a checkpoint: the chat as it was after log entry `sequence` (before any
    /// client is served; the log is then followed from the next entry).
    public func restore(checkpoint chat: ChatState, through sequence: Int64) {
        guard let cluster = self.cluster else { return }
        self.withState { $0.chat = chat }
        cluster.noteApplied(through: sequence)
    }

    /// Applies entries of the cluster's log, in order, as every node does; carries out what
    /// concerns this node's connections, and what this node logged. Every `checkpointEvery`
    /// entries the node that keeps checkpoints (the lowest-numbered, so exactly one) is given
    /// the chat as it was after that entry, to write down.
    @discardableResult
    public func applyLogged(_ entries: [LoggedChatInput], checkpointEvery: Int64? = nil) -> (sequence: Int64, chat: ChatState)? {
        guard let cluster = self.cluster, let last = entries.last else { return nil }
        var checkpoint: (sequence: Int64, chat: ChatState)?
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
                if let checkpointEvery, entry.sequence % checkpointEvery == 0,
                    state.chat.clusterNodes.keys.min() == cluster.seat.node
                {
                    checkpoint = (entry.sequence, state.chat)
                }
            }
            return followUps
        }
        self.perform(followUps)
        cluster.noteApplied(through: last.sequence)
        if hasStopped { cluster.noteStopped() }
        for (answer, result) in answers { answer(result) }
        return checkpoint
    }
}
