/// What the chat core decides; the transport carries it out in order.
public enum Effect: Equatable, Sendable {
    /// Send one line to each of these clients.
    case deliver(ServerLine, to: [ClientID])
    /// Close the client's connection after everything already delivered to it.
    case close(ClientID)
    /// A moderation action to log (it is already in the chat's audit list).
    case audit(AuditEntry)
    /// Something to keep in the store (only when `ChatConfiguration.recording` is set).
    case record(StoreRecord)
    /// The operator changed the server's log level (a level name such as `debug`).
    case setLogLevel(String)
    /// The operator's shutdown is due: stop the server gracefully.
    case shutDownServer
    /// Part of the answer to the operator's command (the operator has no connection):
    /// `ChatState.executeOperator` takes these out into its result, so the transport never
    /// sees one.
    case answerOperator(OperatorAnswer)
}

/// What an operator command says back, in order: lines, its data for `--json`, and a read of
/// the store to run after the chat lock.
public enum OperatorAnswer: Equatable, Sendable {
    case line(ServerLine)
    case data(JSONValue)
    case query(OperatorQuery)
}
