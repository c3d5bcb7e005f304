import Foundation

/// Turns a typed command line into an invocation its handler may run, or the error the person
/// who typed it should see: the table decides which commands exist in the scope (a user's
/// `/shutdown` is unknown), the parser checks the arguments, and the dispatcher the role.
/// Handlers then hold only their own rule. Pure: it reads the table and nothing else.
public struct CommandDispatcher: Sendable {
    public let table: CommandTable

    public init(table: CommandTable = .standard) {
        self.table = table
    }

    /// `line` without the user's leading `/`; `role` is the typing client's (nil for the
    /// operator, who passes every role check).
    public func invocation(
        for line: Substring, actor: CommandActor, role: Role?, scope: CommandScope, at now: Date
    ) throws(CommandError) -> Invocation {
        let parsed = try CommandParser(table: self.table).parse(line, scope: scope)
        if let role, role < parsed.spec.requiredRole {
            let prefix = scope == .user ? "/" : ""
            throw CommandError(.needsModeratorRights, ["command": "\(prefix)\(parsed.spec.name)"])
        }
        return Invocation(actor: actor, spec: parsed.spec, scope: scope, arguments: parsed.arguments, now: now)
    }
}
