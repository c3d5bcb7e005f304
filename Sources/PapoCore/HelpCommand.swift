import Foundation

/// `/help` for users and `help` for the operator: one command in both scopes, listing the
/// commands of the scope it is asked in from the same table that parses them.
enum HelpCommand {
    static let spec = CommandSpec(
        name: "help", aliases: ["h", "?"], portugueseNames: ["ajuda"], scopes: [.user, .operator], arguments: [.command(optional: true)],
        summary: "help.help", handler: help)

    /// The commands of the scope the help is asked in, as far as the asker's role reaches (the
    /// operator's, all of them), or one command's usage, details and aliases.
    static func help(_ state: inout ChatState, _ invocation: Invocation) throws(CommandError) {
        let scope = invocation.scope
        let prefix = scope == .user ? "/" : ""
        let role = try invocation.clientID.map { _ throws(CommandError) in try state.caller(invocation).role }
        let language = invocation.clientID.map { state.language(of: $0) } ?? state.configuration.language
        let visible = state.table.specs(in: scope).filter { spec in role.map { spec.requiredRole <= $0 } ?? true }
        if let name = invocation.optional(0) {
            let bare = name.hasPrefix(prefix) ? String(name.dropFirst(prefix.count)) : name
            if scope == .user && bare.lowercased() == "desconectar" {
                state.respond(to: invocation.actor, .notice(.helpDesconectar))
                return
            }
            guard let spec = state.table.lookup(bare, scope: scope), visible.contains(where: { $0.name == spec.name }) else {
                throw CommandError(
                    .helpNoSuchCommand, ["command": "\(TextSanitizer.preview(name, limit: 30))", "help": .helpHint(prefix)])
            }
            state.respond(
                to: invocation.actor,
                .notice(.helpUsage, ["usage": "\(spec.usage(for: scope, in: language))", "summary": .message(Message(spec.summary))]))
            for detail in spec.details {
                state.respond(to: invocation.actor, .notice(.helpDetail, ["detail": .message(detail)]))
            }
            if spec.name == "msg" {
                // The rule in force, which decides whether the message will go.
                let policy = Message(.helpMsgPolicy, ["policy": .message(Message(state.privacy.explanation))])
                state.respond(to: invocation.actor, .notice(.helpDetail, ["detail": .message(policy)]))
            }
            let others = spec.otherNames(in: language)
            if !others.isEmpty {
                let aliases = others.map { prefix + $0 }.joined(separator: ", ")
                state.respond(to: invocation.actor, .notice(.helpAliases, ["aliases": "\(aliases)"]))
            }
            return
        }
        guard scope == .user else {
            let rows = visible.map { ($0.usage(for: scope, in: language), $0.summary) }
            Self.list(rows, under: .helpOperatorHeading, to: &state, invocation)
            return
        }
        var rows = visible.filter { $0.requiredRole == .user }.map { ($0.usage(for: scope, in: language), $0.summary) }
        rows.append(("Desconectar", .helpDesconectarSummary))
        let moderatorRows = visible.filter { $0.requiredRole == .moderator }.map {
            ($0.usage(for: scope, in: language), $0.summary)
        }
        let width = (rows + moderatorRows).map(\.0.count).max() ?? 0
        Self.list(rows, under: .helpHeading, width: width, to: &state, invocation)
        if !moderatorRows.isEmpty {
            Self.list(moderatorRows, under: .helpModeratorHeading, width: width, to: &state, invocation)
        }
        state.respond(to: invocation.actor, .notice(.helpFooter))
    }

    /// A heading, then one line per command: its usage padded to `width` (by default the
    /// longest), then its summary.
    private static func list(
        _ rows: [(usage: String, summary: MessageID)], under heading: MessageID, width: Int? = nil, to state: inout ChatState,
        _ invocation: Invocation
    ) {
        let width = width ?? rows.map(\.usage.count).max() ?? 0
        state.respond(to: invocation.actor, .notice(heading))
        for (usage, summary) in rows {
            state.respond(
                to: invocation.actor,
                .notice(.helpRow, ["usage": "\(usage.padding(to: width))", "summary": .message(Message(summary))]))
        }
    }
}
