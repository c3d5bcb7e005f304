import Foundation

/// Removing a line that should not stay in the record: `/ids on` shows moderators each chat
/// line's number (`[#42] <ana> …`), `/delete N [REASON]` removes line N of the room: the room
/// is told, replay no longer shows it, and the transcript keeps a tombstone (who, when, why)
/// instead of its text. Web pages are sent the removal as an update and strike the line out;
/// a client that took `/numbering on` (papo) reads every line's number and does the same.
enum LineRemovalCommands {
    static let specs: [CommandSpec] = [
        CommandSpec(
            name: "ids", portugueseNames: ["numeros", "números"], scopes: [.user], requiredRole: .moderator,
            arguments: [.choice(["on", "off"])], summary: "help.ids", handler: ids),
        CommandSpec(
            name: "numbering", portugueseNames: ["numeracao", "numeração"], scopes: [.user],
            arguments: [.choice(["on", "off"])], summary: "help.numbering", handler: numbering),
        CommandSpec(
            name: "delete", portugueseNames: ["apagar"], scopes: [.user], requiredRole: .moderator,
            arguments: [.word("N"), .rest("REASON", optional: true)], summary: "help.delete",
            details: [Message("help.delete.1")], handler: delete),
        CommandSpec(
            name: "clear", portugueseNames: ["limpar"], scopes: [.user, .operator], requiredRole: .moderator,
            arguments: [.room(optional: true)], summary: "help.clear", handler: clear),
    ]

    /// `/clear`: the room's whole history leaves replay and export, one tombstone stays. A
    /// moderator clears the room they are in; the operator names one (and its console and
    /// papoctl ask first, `OperatorConfirmation`).
    static func clear(_ state: inout ChatState, _ invocation: Invocation) throws(CommandError) {
        let room: RoomName
        if invocation.clientID != nil {
            room = try state.caller(invocation).room
            if let named = invocation.optional(0), try state.roomName(named).key != room.key {
                throw CommandError(.clearOnlyYourRoom, ["room": "\(room)"])
            }
        } else if let name = invocation.optional(0) {
            room = try state.roomName(name)
        } else {
            throw .usage(Message(.missingArgument, ["argument": "ROOM"]), invocation.spec, scope: invocation.scope)
        }
        let shown = state.rooms[room.key]?.name ?? room
        let actor = state.name(of: invocation.actor)
        state.recentLines[room.key] = nil
        let tombstone = Message(.historyClearedTombstone, ["nick": "\(actor)", "time": .timestamp(invocation.now)])
            .rendered(in: state.configuration.language)
        if state.configuration.recording?.isTranscriptOn == true {
            state.store(
                .clearing(
                    TranscriptLine(
                        time: invocation.now, room: shown.name, roomKey: room.key, nick: nil, kind: .removed, text: tombstone)))
        }
        if let members = state.rooms[room.key]?.members {
            // The pages empty their logs first, so the notice saying why stays on them.
            if !members.isEmpty { state.pending.append(.deliver(.update(.cleared(room: shown.name)), to: members)) }
            state.tellEveryone(in: room, .notice(.historyCleared, ["nick": "\(actor)", "room": "\(shown)"]))
        }
        if invocation.clientID == nil {
            state.respond(to: invocation.actor, .notice(.historyClearedConfirmation, ["room": "\(shown)"]))
        }
        state.recordAudit("clear", by: invocation.actor, target: shown.name, at: invocation.now)
    }

    static func ids(_ state: inout ChatState, _ invocation: Invocation) throws(CommandError) {
        try Self.toggle(\.lineNumberReaders, on: .lineNumbersOn, off: .lineNumbersOff, state: &state, invocation)
    }

    /// `/numbering on`: every chat line this client is sent has `[#42]` before it, whatever its
    /// role, so that a client (papo) can strike out a line a moderator removes.
    static func numbering(_ state: inout ChatState, _ invocation: Invocation) throws(CommandError) {
        try Self.toggle(\.numberingClients, on: .lineNumberingOn, off: .lineNumberingOff, state: &state, invocation)
    }

    /// `on` puts the caller in `readers`, anything else takes it out; the caller is told which.
    private static func toggle(
        _ readers: WritableKeyPath<ChatState, Set<ClientID>>, on: MessageID, off: MessageID, state: inout ChatState,
        _ invocation: Invocation
    ) throws(CommandError) {
        let client = try state.caller(invocation)
        if invocation.required(0) == "on" {
            state[keyPath: readers].insert(client.id)
            state.reply(client.id, .notice(on))
        } else {
            state[keyPath: readers].remove(client.id)
            state.reply(client.id, .notice(off))
        }
    }

    static func delete(_ state: inout ChatState, _ invocation: Invocation) throws(CommandError) {
        let client = try state.caller(invocation)
        let word = invocation.required(0)
        let digits = word.hasPrefix("#") ? String(word.dropFirst()) : word
        guard let number = Int(digits), number > 0, number <= state.lastLineNumber else {
            throw CommandError(.noSuchLine, ["text": "\(TextSanitizer.preview(word, limit: 20))"])
        }
        guard !state.removedLineNumbers.contains(number) else {
            throw CommandError(.lineAlreadyRemoved, ["number": .count(number)])
        }
        // A line still in some room's replay is known to be that room's: another room's is refused.
        let room = client.room
        if let elsewhere = state.recentLines.first(where: { $0.value.contains { $0.number == number } }),
            elsewhere.key != room.key
        {
            let shown = elsewhere.value.first?.room ?? elsewhere.key
            throw CommandError(.lineInOtherRoom, ["number": .count(number), "room": "\(shown)"])
        }
        let reason = invocation.optional(1).map { String(TextSanitizer.clean($0).prefix(ChatState.maxReasonLength)) }
        state.recentLines[room.key]?.removeAll { $0.number == number }
        state.removedLineNumbers.insert(number)
        let actor = client.nick.name
        var tombstoneArguments: [String: MessageValue] = ["nick": "\(actor)", "time": .timestamp(invocation.now)]
        if let reason { tombstoneArguments["reason"] = "\(reason)" }
        let text = Message(reason == nil ? .lineTombstone : .lineTombstoneBecause, tombstoneArguments)
            .rendered(in: state.configuration.language)
        state.store(.removal(LineRemoval(number: number, roomKey: room.key, tombstone: text)))
        var arguments: [String: MessageValue] = ["nick": "\(actor)", "number": .count(number)]
        if let reason { arguments["reason"] = "\(reason)" }
        state.tellEveryone(in: room, .notice(reason == nil ? .lineRemoved : .lineRemovedBecause, arguments))
        if let members = state.rooms[room.key]?.members, !members.isEmpty {
            state.pending.append(.deliver(.update(.removed(room: room.name, number: number)), to: members))
            // IRC clients that took draft/message-redaction hide the line whose msgid it names.
            let redacting = members.filter { state.clients[$0]?.ircCapabilities.contains(.messageRedaction) == true }
            if !redacting.isEmpty {
                let redact = IRCMessage(
                    command: "REDACT", parameters: [room.name, "#\(number)"] + (reason.map { [$0] } ?? []),
                    source: state.ircMask(of: actor))
                state.pending.append(.deliver(.irc(redact), to: redacting))
            }
        }
        state.recordAudit("delete", by: invocation.actor, target: "\(room) #\(number)", reason: reason, at: invocation.now)
    }
}
