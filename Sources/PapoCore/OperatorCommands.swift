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
        state.respond(to: invocation.actor, .notice(.clientCount, ["count": .count(clients.count)]))
        var rows: [JSONValue] = []
        for client in clients {
            let queued = invocation.transport.queuedBytes[client.id] ?? 0
            let role = client.role == .moderator ? "moderator" : (client.isVoiced ? "voiced" : "user")
            let idle = now.timeIntervalSince(client.lastActiveAt)
            let shownRole: MessageID =
                client.role == .moderator ? .clientRoleModerator : (client.isVoiced ? .clientRoleVoiced : .clientRoleUser)
            var arguments: [String: MessageValue] = [
                "id": "\(client.id)", "nick": "\(client.nick)", "address": "\(client.address)",
                "room": "\(client.room)", "role": .message(Message(shownRole)),
                "since": .timestamp(client.connectedAt), "idle": .duration(idle),
                "messages": .count(client.messagesSent), "queued": .count(queued),
            ]
            var row: [String: JSONValue] = [
                "id": .string(client.id.description), "nick": .string(client.nick.name),
                "address": .string(client.address), "room": .string(client.room.name), "role": .string(role),
                "connectedAt": .string(DurationText.iso8601(client.connectedAt)),
                "idleSeconds": .int(Int(idle)), "messagesSent": .int(client.messagesSent),
                "queuedBytes": .int(queued), "muted": .bool(client.mute != nil),
            ]
            // In a cluster, the node each client is on (its queued bytes are known there only).
            let node = state.nodeName(of: client.id)
            if let node {
                arguments["node"] = "\(node)"
                row["node"] = .string(node)
            }
            state.respond(to: invocation.actor, .notice(node == nil ? .clientRow : .clientRowOnNode, arguments))
            rows.append(.object(row))
        }
        state.answerOperator(data: .array(rows))
    }



    static func say(_ state: inout ChatState, _ invocation: Invocation) throws(CommandError) {
        let room = try state.roomName(invocation.required(0))
        guard let existing = state.rooms[room.key], !existing.members.isEmpty else {
            throw CommandError(.nobodyIn, ["room": "\(room)"])
        }
        let text = TextSanitizer.clean(invocation.required(1))
        state.tellEveryone(in: room, .notice(.serverSays, ["text": "\(text)"]))
        state.respond(to: invocation.actor, .notice(.saidTo, ["room": "\(existing.name)", "count": .count(existing.members.count)]))
    }

    static func topic(_ state: inout ChatState, _ invocation: Invocation) throws(CommandError) {
        let room = try state.roomName(invocation.required(0))
        guard state.rooms[room.key] != nil else { throw CommandError(.noSuchRoom, ["room": "\(room)"]) }
        let text = TextSanitizer.clean(invocation.required(1))
        if text.count > ChatState.maxTopicLength {
            throw CommandError(.topicTooLong, ["max": .count(ChatState.maxTopicLength)])
        }
        state.rooms[room.key]?.topic = Room.Topic(text: text, setBy: "operator", setAt: invocation.now)
        state.settingsChanged(room)
        let shown = state.rooms[room.key]?.name ?? room
        state.tellEveryone(in: room, .notice(.operatorSetTopic, ["room": "\(shown)", "topic": "\(text)"]))
        state.respond(to: invocation.actor, .notice(.topicOfSet, ["room": "\(shown)"]))
        // Audited as every other moderation action the operator takes.
        state.recordAudit("topic", by: invocation.actor, target: shown.name, reason: text, at: invocation.now)
    }

    static func audit(_ state: inout ChatState, _ invocation: Invocation) throws(CommandError) {
        var count = 20
        if let text = invocation.optional(0) {
            guard let value = Int(text), value > 0 else {
                throw .usage(Message(.auditCountPositive), invocation.spec, scope: invocation.scope)
            }
            count = value
        }
        let entries = state.audit.suffix(count)
        if entries.isEmpty {
            state.respond(to: invocation.actor, .notice(.noModerationActions))
        }
        for entry in entries {
            state.respond(to: invocation.actor, .notice(entry.message))
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
                throw .usage(Message(.formatChoices), invocation.spec, scope: invocation.scope)
            }
            format = chosen
        }
        if let since = options.since, let until = options.until, until <= since {
            throw .usage(Message(.untilAfterSince), invocation.spec, scope: invocation.scope)
        }
        guard state.configuration.recording?.isTranscriptOn ?? false else {
            throw CommandError(.noTranscriptKept)
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
            throw CommandError(.noAttendanceKept)
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
                    throw CommandError(.outputIsLocal)
                }
                throw .usage(
                    Message(.unknownOption, ["option": "\(TextSanitizer.preview(name, limit: 20))", "known": "\(known)"]),
                    invocation.spec, scope: invocation.scope)
            }
            if value == nil { value = tokens.popFirst() }
            guard let value, !value.isEmpty else {
                throw .usage(Message(.optionNeedsValue, ["option": "\(name)"]), invocation.spec, scope: invocation.scope)
            }
            words[name] = value
        }
        func time(_ name: String) throws(CommandError) -> Date? {
            guard let text = words[name] else { return nil }
            guard let date = TimeText.parse(text, timeZone: state.configuration.timeZone) else {
                throw .usage(
                    Message(.optionNeedsTime, ["option": "\(name)", "text": "\(TextSanitizer.preview(text, limit: 30))"]),
                    invocation.spec, scope: invocation.scope)
            }
            return date
        }
        return (words, try time("--since"), try time("--until"))
    }



    static func stats(_ state: inout ChatState, _ invocation: Invocation) throws(CommandError) {
        let stats = invocation.transport.statistics
        let uptime = invocation.now.timeIntervalSince(stats.startedAt)
        let memory: MessageValue = stats.residentBytes.map { "\(ByteCount.format($0))" } ?? .message(Message(.statsMemoryUnknown))
        var lines: [MessageLine] = [
            .notice(.statsUptime, ["uptime": .duration(uptime), "since": .timestamp(stats.startedAt)]),
            .notice(
                .statsConnections,
                [
                    "now": .count(stats.connectionsNow), "peak": .count(stats.connectionsPeak),
                    "total": .count(stats.connectionsTotal), "clients": .count(state.clients.count),
                    "rooms": .count(state.rooms.count),
                ]),
            .notice(.statsMessagesIn, ["count": .count(stats.messagesIn), "rate": .number(Self.rate(stats.messagesInRate))]),
            .notice(
                .statsBytes,
                [
                    "in": "\(ByteCount.format(stats.bytesIn))", "inRate": "\(ByteCount.format(Int(stats.bytesInRate)))",
                    "out": "\(ByteCount.format(stats.bytesOut))", "outRate": "\(ByteCount.format(Int(stats.bytesOutRate)))",
                ]),
            .notice(.statsWrites, ["count": .count(stats.writes)]),
        ]
        if stats.directWrites > 0 {
            lines.append(
                .notice(.statsDirectWrites, ["count": .count(stats.directWrites), "calls": .count(stats.sendBatches)]))
        }
        lines += [
            .notice(.statsThreads, ["threads": .count(stats.eventLoopThreads), "memory": memory]),
        ]
        for line in lines {
            state.respond(to: invocation.actor, line)
        }
        state.answerOperator(data: .object([
            "uptimeSeconds": .int(Int(uptime)), "connectionsNow": .int(stats.connectionsNow),
            "connectionsPeak": .int(stats.connectionsPeak), "connectionsTotal": .int(stats.connectionsTotal),
            "clients": .int(state.clients.count), "rooms": .int(state.rooms.count),
            "messagesIn": .int(stats.messagesIn), "messagesInPerSecond": .number(stats.messagesInRate),
            "bytesIn": .int(stats.bytesIn), "bytesInPerSecond": .number(stats.bytesInRate),
            "bytesOut": .int(stats.bytesOut), "bytesOutPerSecond": .number(stats.bytesOutRate),
            "writes": .int(stats.writes), "directWrites": .int(stats.directWrites), "sendBatches": .int(stats.sendBatches),
            "eventLoopThreads": .int(stats.eventLoopThreads),
            "residentBytes": stats.residentBytes.map { .int($0) } ?? .null,
        ]))
    }

    static func tls(_ state: inout ChatState, _ invocation: Invocation) throws(CommandError) {
        guard let tls = invocation.transport.tls else {
            throw CommandError(.noTLSDoor)
        }
        let days = Int((tls.notAfter.timeIntervalSince(invocation.now) / 86_400).rounded(.down))
        let lines: [MessageLine] = [
            .notice(.tlsPorts, ["ports": "\(tls.ports.map(String.init).joined(separator: ", "))", "source": "\(tls.source)"]),
            .notice(.tlsFingerprint, ["fingerprint": "\(tls.fingerprint)"]),
            .notice(.tlsSubject, ["subject": "\(tls.subject)"]),
            tls.names.isEmpty ? .notice(.tlsNoNames) : .notice(.tlsNames, ["names": "\(tls.names.joined(separator: ", "))"]),
            .notice(days >= 0 ? .tlsExpiresIn : .tlsExpiredAgo, ["at": .timestamp(tls.notAfter), "days": .count(abs(days))]),
        ]
        for line in lines {
            state.respond(to: invocation.actor, line)
        }
        state.answerOperator(data: .object([
            "ports": .array(tls.ports.map { .int($0) }), "fingerprint": .string(tls.fingerprint),
            "subject": .string(tls.subject), "names": .array(tls.names.map { .string($0) }),
            "notAfter": .string(DurationText.iso8601(tls.notAfter)), "source": .string(tls.source),
        ]))
    }

    /// To one decimal, as the stats show rates.
    private static func rate(_ value: Double) -> Double {
        (value * 10).rounded() / 10
    }

    static func logLevel(_ state: inout ChatState, _ invocation: Invocation) throws(CommandError) {
        let level = invocation.required(0).lowercased()
        guard Self.logLevels.contains(level) else {
            throw .usage(
                Message(.logLevelChoices, ["levels": "\(Self.logLevels.joined(separator: ", "))"]), invocation.spec,
                scope: invocation.scope)
        }
        state.pending.append(.setLogLevel(level))
        state.respond(to: invocation.actor, .notice(.logLevelSet, ["level": "\(level)"]))
    }

    static func shutdown(_ state: inout ChatState, _ invocation: Invocation) throws(CommandError) {
        var seconds = 0
        var message = invocation.optional(1).map { String(TextSanitizer.clean($0).prefix(ChatState.maxReasonLength)) }
        if let first = invocation.optional(0) {
            if let value = Int(first) {
                guard (0...86_400).contains(value) else {
                    throw .usage(Message(.shutdownSecondsRange), invocation.spec, scope: invocation.scope)
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
            state.respond(to: invocation.actor, .notice(.shuttingDownNow))
        } else {
            state.announceShutdown(remaining: seconds)
            state.respond(to: invocation.actor, .notice(.shuttingDownIn, ["time": .duration(Double(seconds))]))
        }
        state.recordAudit("shutdown", by: invocation.actor, target: "\(seconds)s", reason: message, at: invocation.now)
    }

    static func quit(_ state: inout ChatState, _ invocation: Invocation) throws(CommandError) {
        throw CommandError(.nothingToQuit)
    }
}

/// A shutdown counting down.
public struct ScheduledShutdown: Sendable, Equatable, Codable {
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
        let arguments: [String: MessageValue] = ["server": "\(self.serverName)", "time": .duration(Double(remaining))]
        if let message = self.scheduledShutdown?.message {
            self.tellEveryone(.notice(.shutsDownInBecause, arguments.merging(["message": "\(message)"]) { old, _ in old }))
        } else {
            self.tellEveryone(.notice(.shutsDownIn, arguments))
        }
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
