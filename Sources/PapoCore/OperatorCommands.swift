import Foundation

/// Commands of the server's operator, typed bare (`kick bob`) at papod's console or through
/// papoctl. The operator passes every role check; moderation handlers are shared with users.
enum OperatorCommands {
    static let specs: [CommandSpec] = [
        CommandSpec(
            name: "clients", aliases: ["who"], scopes: [.operator], arguments: [.room(optional: true)],
            summary: "help.clients",
            handler: clients),
        CommandSpec(
            name: "say", scopes: [.operator], arguments: [.room(), .rest("TEXT")],
            summary: "help.say", handler: say),
        CommandSpec(
            name: "topic", scopes: [.operator], arguments: [.room(), .rest("TEXT")],
            summary: "help.topic.operator", handler: topic),
        CommandSpec(
            name: "audit", scopes: [.operator], arguments: [.word("N", optional: true)],
            summary: "help.audit", handler: audit),
        CommandSpec(
            name: "export", scopes: [.operator], arguments: [.room(), .rest("OPTIONS", optional: true)],
            summary: "help.export",
            details: [Message("help.export.1"), Message("help.export.2"), Message("help.export.3"), Message("help.export.4")],
            handler: export),
        CommandSpec(
            name: "attendance", scopes: [.operator], arguments: [.room(optional: true), .rest("OPTIONS", optional: true)],
            summary: "help.attendance",
            details: [Message("help.attendance.1")],
            handler: attendance),
        CommandSpec(
            name: "stats", scopes: [.operator],
            summary: "help.stats", handler: stats),
        CommandSpec(
            name: "tls", scopes: [.operator],
            summary: "help.tls", handler: tls),
        CommandSpec(
            name: "log-level", scopes: [.operator], arguments: [ArgumentSpec(name: "LEVEL", kind: .logLevel, isOptional: false)],
            summary: "help.log-level", handler: logLevel),
        CommandSpec(
            name: "shutdown", scopes: [.operator],
            arguments: [.word("SECONDS", optional: true), .rest("MESSAGE", optional: true)],
            summary: "help.shutdown",
            handler: shutdown),
        CommandSpec(
            name: "quit", aliases: ["exit"], scopes: [.operator],
            summary: "help.quit.operator", handler: quit),
    ]

    static let logLevels = ["trace", "debug", "info", "notice", "warning", "error", "critical"]


    static func clients(_ state: inout ChatState, _ invocation: Invocation) throws(CommandError) {
        let room = try invocation.optional(0).map { name throws(CommandError) in try state.roomName(name) }
        let now = invocation.now
        let clients = state.clients.values.filter { room == nil || $0.room == room }.sorted { $0.id < $1.id }
        state.respond(to: invocation.actor, .notice("\(clients.count) \(clients.count == 1 ? "client" : "clients"):"))
        var rows: [JSONValue] = []
        for client in clients {
            let queued = invocation.transport.queuedBytes[client.id] ?? 0
            let role = client.role == .moderator ? "moderator" : (client.isVoiced ? "voiced" : "user")
            let idle = now.timeIntervalSince(client.lastActiveAt)
            state.respond(
                to: invocation.actor,
                .notice(
                    "  \(client.id) \(client.nick) \(client.address) \(client.room) \(role) since \(DurationText.timestamp(client.connectedAt)) idle \(DurationText.format(idle)) messages \(client.messagesSent) queued \(queued)B"
                ))
            rows.append(
                .object([
                    "id": .string(client.id.description), "nick": .string(client.nick.name),
                    "address": .string(client.address), "room": .string(client.room.name), "role": .string(role),
                    "connectedAt": .string(DurationText.iso8601(client.connectedAt)),
                    "idleSeconds": .int(Int(idle)), "messagesSent": .int(client.messagesSent),
                    "queuedBytes": .int(queued), "muted": .bool(client.mute != nil),
                ]))
        }
        state.answerOperator(data: .array(rows))
    }



    static func say(_ state: inout ChatState, _ invocation: Invocation) throws(CommandError) {
        let room = try state.roomName(invocation.required(0))
        guard let existing = state.rooms[room.key], !existing.members.isEmpty else {
            throw CommandError("nobody is in \(room)")
        }
        let text = TextSanitizer.clean(invocation.required(1))
        state.tellEveryone(in: room, .notice("server: \(text)"))
        state.respond(to: invocation.actor, .notice("said to \(existing.name) (\(existing.members.count))"))
    }

    static func topic(_ state: inout ChatState, _ invocation: Invocation) throws(CommandError) {
        let room = try state.roomName(invocation.required(0))
        guard state.rooms[room.key] != nil else { throw CommandError("there is no room \(room)") }
        let text = TextSanitizer.clean(invocation.required(1))
        if text.count > ChatState.maxTopicLength {
            throw CommandError("a topic has at most \(ChatState.maxTopicLength) characters")
        }
        state.rooms[room.key]?.topic = Room.Topic(text: text, setBy: "operator", setAt: invocation.now)
        state.settingsChanged(room)
        let shown = state.rooms[room.key]?.name ?? room
        state.tellEveryone(in: room, .notice("operator set the topic of \(shown): \(text)"))
        state.respond(to: invocation.actor, .notice("topic of \(shown) set"))
    }

    static func audit(_ state: inout ChatState, _ invocation: Invocation) throws(CommandError) {
        var count = 20
        if let text = invocation.optional(0) {
            guard let value = Int(text), value > 0 else {
                throw .usage("N must be a positive whole number", invocation.spec, scope: invocation.scope)
            }
            count = value
        }
        let entries = state.audit.suffix(count)
        if entries.isEmpty {
            state.respond(to: invocation.actor, .notice("no moderation actions yet"))
        }
        for entry in entries {
            state.respond(to: invocation.actor, .notice(entry.rendered))
        }
        state.answerOperator(data: .array(
            entries.map { entry in
                .object([
                    "time": .string(DurationText.iso8601(entry.at)), "actor": .string(entry.actor),
                    "action": .string(entry.action), "target": .optional(entry.target), "reason": .optional(entry.reason),
                ])
            }))
    }

    static func export(_ state: inout ChatState, _ invocation: Invocation) throws(CommandError) {
        let room = try state.roomName(invocation.required(0))
        let options = try Self.storeOptions(
            invocation.optional(1), allowed: ["--since", "--until", "--format"], state: state, invocation: invocation)
        var format = TranscriptExport.Format.text
        if let name = options.words["--format"] {
            guard let chosen = TranscriptExport.Format(rawValue: name.lowercased()) else {
                throw .usage("--format must be text, csv or json", invocation.spec, scope: invocation.scope)
            }
            format = chosen
        }
        if let since = options.since, let until = options.until, until <= since {
            throw .usage("--until must be later than --since", invocation.spec, scope: invocation.scope)
        }
        guard state.configuration.recording?.isTranscriptOn ?? false else {
            throw CommandError("no transcript is kept (papod runs with --history-days 0 or without a store)")
        }
        let shown = state.rooms[room.key]?.name ?? state.savedRoomSettings[room.key].flatMap { try? RoomName($0.room) } ?? room
        state.answerOperator(query: .export(
            roomKey: room.key, room: shown.name, since: options.since, until: options.until, format: format))
    }

    static func attendance(_ state: inout ChatState, _ invocation: Invocation) throws(CommandError) {
        // `attendance --since TIME`: no room, the options come first.
        var roomText = invocation.optional(0)
        var optionText = invocation.optional(1)
        if let first = roomText, first.hasPrefix("--") {
            optionText = [first, optionText].compactMap(\.self).joined(separator: " ")
            roomText = nil
        }
        let room = try roomText.map { name throws(CommandError) in try state.roomName(name) }
        let options = try Self.storeOptions(optionText, allowed: ["--since"], state: state, invocation: invocation)
        guard state.configuration.recording?.isTranscriptOn ?? false else {
            throw CommandError("no attendance is kept (papod runs with --history-days 0 or without a store)")
        }
        let shown = room.map { state.rooms[$0.key]?.name ?? $0 }
        state.answerOperator(query: .attendance(roomKey: room?.key, room: shown?.name, since: options.since))
    }

    /// `--name VALUE` or `--name=VALUE` pairs, with `--since` and `--until` read as times.
    private static func storeOptions(
        _ text: String?, allowed: Set<String>, state: ChatState, invocation: Invocation
    ) throws(CommandError) -> (words: [String: String], since: Date?, until: Date?) {
        var words: [String: String] = [:]
        var tokens = (text ?? "").split(whereSeparator: \.isWhitespace).map(String.init)[...]
        while let token = tokens.popFirst() {
            var name = token
            var value: String?
            if let equals = token.firstIndex(of: "=") {
                name = String(token[..<equals])
                value = String(token[token.index(after: equals)...])
            }
            guard allowed.contains(name) else {
                let known = allowed.sorted().joined(separator: ", ")
                if name == "--output" {
                    throw CommandError("--output FILE is written by papoctl or the console; give it there")
                }
                throw .usage("unknown option \(TextSanitizer.preview(name, limit: 20)) (known: \(known))", invocation.spec, scope: invocation.scope)
            }
            if value == nil { value = tokens.popFirst() }
            guard let value, !value.isEmpty else {
                throw .usage("\(name) needs a value", invocation.spec, scope: invocation.scope)
            }
            words[name] = value
        }
        func time(_ name: String) throws(CommandError) -> Date? {
            guard let text = words[name] else { return nil }
            guard let date = TimeText.parse(text, timeZone: state.configuration.timeZone) else {
                throw .usage(
                    "\(name) takes an ISO 8601 time such as 2026-11-24, 2026-11-24T10:00 or 2026-11-24T10:00:00Z, not \(TextSanitizer.preview(text, limit: 30))",
                    invocation.spec, scope: invocation.scope)
            }
            return date
        }
        return (words, try time("--since"), try time("--until"))
    }



    static func stats(_ state: inout ChatState, _ invocation: Invocation) throws(CommandError) {
        let stats = invocation.transport.statistics
        let uptime = invocation.now.timeIntervalSince(stats.startedAt)
        let memory = stats.residentBytes.map { ByteCount.format($0) } ?? "unknown"
        let lines = [
            "uptime \(DurationText.format(uptime)) (since \(DurationText.timestamp(stats.startedAt)))",
            "connections: \(stats.connectionsNow) now, \(stats.connectionsPeak) peak, \(stats.connectionsTotal) total; \(state.clients.count) \(state.clients.count == 1 ? "client" : "clients") in \(state.rooms.count) \(state.rooms.count == 1 ? "room" : "rooms")",
            "messages in: \(stats.messagesIn) (\(Self.rate(stats.messagesInRate))/s)",
            "bytes in: \(ByteCount.format(stats.bytesIn)) (\(ByteCount.format(Int(stats.bytesInRate)))/s), out: \(ByteCount.format(stats.bytesOut)) (\(ByteCount.format(Int(stats.bytesOutRate)))/s)",
            "writes: \(stats.writes) batches to clients, each one write and one flush",
            "event loop threads: \(stats.eventLoopThreads); resident memory: \(memory)",
        ]
        for line in lines {
            state.respond(to: invocation.actor, .notice(line))
        }
        state.answerOperator(data: .object([
            "uptimeSeconds": .int(Int(uptime)), "connectionsNow": .int(stats.connectionsNow),
            "connectionsPeak": .int(stats.connectionsPeak), "connectionsTotal": .int(stats.connectionsTotal),
            "clients": .int(state.clients.count), "rooms": .int(state.rooms.count),
            "messagesIn": .int(stats.messagesIn), "messagesInPerSecond": .number(stats.messagesInRate),
            "bytesIn": .int(stats.bytesIn), "bytesInPerSecond": .number(stats.bytesInRate),
            "bytesOut": .int(stats.bytesOut), "bytesOutPerSecond": .number(stats.bytesOutRate),
            "writes": .int(stats.writes),
            "eventLoopThreads": .int(stats.eventLoopThreads),
            "residentBytes": stats.residentBytes.map { .int($0) } ?? .null,
        ]))
    }

    static func tls(_ state: inout ChatState, _ invocation: Invocation) throws(CommandError) {
        guard let tls = invocation.transport.tls else {
            throw CommandError("papod has no TLS door (start it with --tls-cert and --tls-key, or --tls-self-signed)")
        }
        let days = Int((tls.notAfter.timeIntervalSince(invocation.now) / 86_400).rounded(.down))
        let expiry = days >= 0 ? "in \(days) \(days == 1 ? "day" : "days")" : "expired \(-days) \(days == -1 ? "day" : "days") ago"
        let lines = [
            "TLS on port \(tls.ports.map(String.init).joined(separator: ", ")) (\(tls.source))",
            "fingerprint SHA256 \(tls.fingerprint)",
            "subject \(tls.subject)",
            "names \(tls.names.isEmpty ? "(none)" : tls.names.joined(separator: ", "))",
            "expires \(DurationText.timestamp(tls.notAfter)) (\(expiry))",
        ]
        for line in lines {
            state.respond(to: invocation.actor, .notice(line))
        }
        state.answerOperator(data: .object([
            "ports": .array(tls.ports.map { .int($0) }), "fingerprint": .string(tls.fingerprint),
            "subject": .string(tls.subject), "names": .array(tls.names.map { .string($0) }),
            "notAfter": .string(DurationText.iso8601(tls.notAfter)), "source": .string(tls.source),
        ]))
    }

    private static func rate(_ value: Double) -> String {
        String(format: "%.1f", value)
    }

    static func logLevel(_ state: inout ChatState, _ invocation: Invocation) throws(CommandError) {
        let level = invocation.required(0).lowercased()
        guard Self.logLevels.contains(level) else {
            throw .usage("LEVEL must be one of \(Self.logLevels.joined(separator: ", "))", invocation.spec, scope: invocation.scope)
        }
        state.pending.append(.setLogLevel(level))
        state.respond(to: invocation.actor, .notice("log level is now \(level)"))
    }

    static func shutdown(_ state: inout ChatState, _ invocation: Invocation) throws(CommandError) {
        var seconds = 0
        var message = invocation.optional(1).map { String(TextSanitizer.clean($0).prefix(ChatState.maxReasonLength)) }
        if let first = invocation.optional(0) {
            if let value = Int(first) {
                guard (0...86_400).contains(value) else {
                    throw .usage("SECONDS must be from 0 to 86400", invocation.spec, scope: invocation.scope)
                }
                seconds = value
            } else {
                // `shutdown back soon`: no countdown, the words are the message.
                message = [first, message].compactMap(\.self).joined(separator: " ")
            }
        }
        state.scheduledShutdown = ScheduledShutdown(at: invocation.now.addingTimeInterval(Double(seconds)), message: message)
        if seconds == 0 {
            // Asked for once: a later tick must not ask the transport again.
            state.scheduledShutdown?.lastAnnounced = 0
            state.pending.append(.shutDownServer)
            state.respond(to: invocation.actor, .notice("shutting down now"))
        } else {
            state.announceShutdown(remaining: seconds)
            state.respond(to: invocation.actor, .notice("shutting down in \(DurationText.format(Double(seconds)))"))
        }
        state.recordAudit("shutdown", by: invocation.actor, target: "\(seconds)s", reason: message, at: invocation.now)
    }

    static func quit(_ state: inout ChatState, _ invocation: Invocation) throws(CommandError) {
        throw CommandError("quit leaves an interactive prompt; there is nothing to quit here")
    }
}

/// A shutdown counting down.
public struct ScheduledShutdown: Sendable, Equatable {
    public let at: Date
    public let message: String?
    /// The last countdown announced, in seconds remaining.
    var lastAnnounced: Int?

    init(at: Date, message: String?) {
        self.at = at
        self.message = message
    }

    /// When clients hear the countdown, in seconds before the end.
    static let countdownMarks = [3600, 1800, 600, 300, 120, 60, 30, 10, 5, 4, 3, 2, 1]
}

extension ChatState {
    mutating func announceShutdown(remaining: Int) {
        let message = self.scheduledShutdown?.message.map { ": \($0)" } ?? ""
        self.tellEveryone(.notice("\(self.serverName) shuts down in \(DurationText.format(Double(remaining)))\(message)"))
        self.scheduledShutdown?.lastAnnounced = remaining
    }

    /// Counts down a scheduled shutdown; called from `tick`.
    mutating func advanceShutdown(at now: Date) {
        guard let shutdown = self.scheduledShutdown else { return }
        let remaining = Int(shutdown.at.timeIntervalSince(now).rounded(.up))
        if remaining <= 0 {
            if shutdown.lastAnnounced != 0 {
                self.scheduledShutdown?.lastAnnounced = 0
                self.pending.append(.shutDownServer)
            }
            return
        }
        let last = shutdown.lastAnnounced ?? Int.max
        if ScheduledShutdown.countdownMarks.contains(where: { remaining <= $0 && $0 < last }) {
            self.announceShutdown(remaining: remaining)
        }
    }
}

/// Byte counts for people: `512 B`, `12.3 KiB`, `4.0 MiB`.
public enum ByteCount {
    public static func format(_ bytes: Int) -> String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB"]
        var value = Double(bytes)
        var unit = 0
        while value >= 1024 && unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        return unit == 0 ? "\(bytes) B" : String(format: "%.1f", value) + " " + units[unit]
    }
}
