import Foundation

/// Who is running a command.
public enum CommandActor: Sendable, Equatable {
    case client(ClientID)
    /// The server's operator: passes every role check.
    case `operator`
}

/// A parsed command, ready for its handler: arguments by position, as the spec lists them.
public struct Invocation: Sendable {
    public let actor: CommandActor
    public let spec: CommandSpec
    public let scope: CommandScope
    /// One entry per `spec.arguments`; nil for an optional argument not given.
    public let arguments: [String?]
    public let now: Date
    /// What the transport knows (queued bytes, counters, the TLS certificate), for the
    /// operator's `clients`, `stats` and `tls`; empty for users' commands.
    public var transport = TransportSnapshot()

    /// The argument at `index`, which the parser guarantees for required ones.
    public func required(_ index: Int) -> String {
        self.arguments[index] ?? ""
    }

    public func optional(_ index: Int) -> String? {
        index < self.arguments.count ? self.arguments[index] : nil
    }

    /// The client running the command; user-scope commands always have one.
    var clientID: ClientID? {
        if case .client(let id) = self.actor { return id }
        return nil
    }
}
