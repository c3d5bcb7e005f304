import Foundation

/// Roles, removal, silencing and classroom flow. Each handler holds only its rule; the
/// dispatcher has checked the role already (`requiredRole`). A command both moderators
/// (`/kick`) and the operator (`kick`) use is one spec with both scopes and one handler; its
/// target is a `.client` argument, which the operator may also give as a client id (`c12`).
enum ModerationCommands {
    static let specs: [CommandSpec] = [
        CommandSpec(
            name: "login", scopes: [.user], arguments: [.rest("PASSWORD")],
            summary: "help.login", handler: login),
        CommandSpec(
            name: "hand", aliases: ["raise"], portugueseNames: ["mão", "mao"], scopes: [.user],
            summary: "help.hand", handler: hand),
        CommandSpec(
            name: "op", scopes: [.user, .operator], requiredRole: .moderator, arguments: [.client("NICK")],
            summary: "help.op", handler: op),
        CommandSpec(
            name: "deop", scopes: [.user, .operator], requiredRole: .moderator, arguments: [.client("NICK", optional: true)],
            summary: "help.deop", handler: deop),
        CommandSpec(
            name: "kick", portugueseNames: ["expulsar"], scopes: [.user, .operator], requiredRole: .moderator,
            arguments: [.client("NICK"), .rest("REASON", optional: true)],
            summary: "help.kick", handler: kick),
        CommandSpec(
            name: "ban", portugueseNames: ["banir"], scopes: [.user, .operator], requiredRole: .moderator,
            arguments: [.client("TARGET"), .flag("--nick-only"), .duration(), .rest("REASON", optional: true)],
            summary: "help.ban",
            details: [Message("help.ban.1"), Message("help.ban.2"), Message("help.ban.3")],
            handler: ban),
        CommandSpec(
            name: "unban", portugueseNames: ["desbanir"], scopes: [.user, .operator], requiredRole: .moderator, arguments: [.word("TARGET")],
            summary: "help.unban", handler: unban),
        CommandSpec(
            name: "bans", portugueseNames: ["banidos"], scopes: [.user, .operator], requiredRole: .moderator,
            summary: "help.bans", handler: bans),
        CommandSpec(
            name: "mute", portugueseNames: ["silenciar"], scopes: [.user, .operator], requiredRole: .moderator,
            arguments: [.client("NICK"), .duration(), .rest("REASON", optional: true)],
            summary: "help.mute", handler: mute),
        CommandSpec(
            name: "unmute", portugueseNames: ["liberar"], scopes: [.user, .operator], requiredRole: .moderator, arguments: [.client("NICK")],
            summary: "help.unmute", handler: unmute),
        CommandSpec(
            name: "quiet", portugueseNames: ["silêncio", "silencio"], scopes: [.user], requiredRole: .moderator, arguments: [.choice(["on", "off"])],
            summary: "help.quiet", handler: quiet),
        CommandSpec(
            name: "voice", portugueseNames: ["voz"], scopes: [.user], requiredRole: .moderator, arguments: [.nick()],
            summary: "help.voice", handler: voice),
        CommandSpec(
            name: "devoice", portugueseNames: ["semvoz"], scopes: [.user], requiredRole: .moderator, arguments: [.nick()],
            summary: "help.devoice", handler: devoice),
        CommandSpec(
            name: "slow", portugueseNames: ["lento"], scopes: [.user], requiredRole: .moderator, arguments: [.word("SECONDS")],
            summary: "help.slow", handler: slow),
        CommandSpec(
            name: "move", portugueseNames: ["mover"], scopes: [.user, .operator], requiredRole: .moderator, arguments: [.client("NICK"), .room()],
            summary: "help.move", handler: move),
        CommandSpec(
            name: "gather", portugueseNames: ["reunir"], scopes: [.user, .operator], requiredRole: .moderator, arguments: [.room(optional: true)],
            summary: "help.gather", handler: gather),
        CommandSpec(
            name: "breakout", portugueseNames: ["grupos"], scopes: [.user, .operator], requiredRole: .moderator,
            arguments: [.word("N", optional: true), .word("MINUTES", optional: true)],
            summary: "help.breakout",
            details: [Message("help.breakout.1"), Message("help.breakout.2")],
            handler: breakout),
        CommandSpec(
            name: "hands", portugueseNames: ["mãos", "maos"], scopes: [.user, .operator], requiredRole: .moderator, arguments: [.room(optional: true)],
            summary: "help.hands",
            handler: hands),
        CommandSpec(
            name: "next", portugueseNames: ["próximo", "proximo"], scopes: [.user], requiredRole: .moderator,
            summary: "help.next", handler: next),
        CommandSpec(
            name: "announce", portugueseNames: ["avisar"], scopes: [.user, .operator], requiredRole: .moderator, arguments: [.rest("TEXT")],
            summary: "help.announce", handler: announce),
    ]

    // MARK: Roles

    static func login(_ state: inout ChatState, _ invocation: Invocation) throws(CommandError) {
        let client = try state.caller(invocation)
        let now = invocation.now
        if state.configuration.moderatorPassword != nil && client.role == .moderator {
            throw CommandError(.alreadyModerator)
        }
        if try state.checkModeratorPassword(
            invocation.required(0), address: client.address, isSecure: client.isSecure, viaIRC: client.seesPresenceAsEvents, at: now)
        {
            state.clients[client.id]?.failedLogins = 0
            state.grantModerator(client.id, by: invocation.actor, at: now)
            return
        }
        let failures = client.failedLogins + 1
        state.clients[client.id]?.failedLogins = failures
        state.recordAudit("login-failed", by: invocation.actor, target: client.address, at: now)
        let attemptsLeft = state.configuration.maxLoginAttempts - failures
        guard attemptsLeft <= 0 else {
            throw CommandError(.wrongPassword, ["left": .count(attemptsLeft)])
        }
        state.lockOutLogins(from: client.address, at: now)
        state.leave(
            client.id, reason: .message(Message(.reasonTooManyFailedLogins)), goodbye: Message(.tooManyFailedLoginsGoodbye))
    }

    static func op(_ state: inout ChatState, _ invocation: Invocation) throws(CommandError) {
        let target = try state.target(invocation.required(0))
        if target.role == .moderator { throw CommandError(.targetAlreadyModerator, ["nick": "\(target.nick)"]) }
        let actor = state.name(of: invocation.actor)
        state.setRole(.moderator, of: target.id)
        state.showStanding(of: target.id)
        state.opGrants[target.nick.key] = OpGrant(
            nickKey: target.nick.key, nick: target.nick.name, address: target.address, by: actor, at: invocation.now)
        state.saveOpGrants()
        state.reply(target.id, .notice(.youWereMadeModerator, ["actor": "\(actor)"]))
        state.tellRoom(of: target.id, .notice(.madeModerator, ["actor": "\(actor)", "nick": "\(target.nick)"]))
        state.respondIfElsewhere(invocation, room: target.room, .notice(.isNowModerator, ["nick": "\(target.nick)"]))
        state.recordAudit("op", by: invocation.actor, target: target.nick.name, at: invocation.now)
    }

    static func deop(_ state: inout ChatState, _ invocation: Invocation) throws(CommandError) {
        let target: ClientRecord
        if let name = invocation.optional(0) {
            target = try state.target(name)
            if case .client(let id) = invocation.actor, target.id != id {
                throw CommandError(.onlyOperatorDeops)
            }
        } else if invocation.clientID == nil {
            // A moderator may step down; the operator has no rights to give up.
            throw .usage(Message(.missingArgument, ["argument": "NICK"]), invocation.spec, scope: invocation.scope)
        } else {
            target = try state.caller(invocation)
        }
        if target.role != .moderator { throw CommandError(.notAModerator, ["nick": "\(target.nick)"]) }
        state.setRole(.user, of: target.id)
        state.showStanding(of: target.id)
        if state.opGrants.removeValue(forKey: target.nick.key) != nil {
            state.saveOpGrants()
        }
        let actor = state.name(of: invocation.actor)
        let isSelf = invocation.actor == .client(target.id)
        let nick: MessageValue = "\(target.nick)"
        state.reply(
            target.id,
            isSelf ? .notice(.youAreNoLongerModerator) : .notice(.youAreNoLongerModeratorBy, ["actor": "\(actor)"]))
        state.tellRoom(
            of: target.id,
            isSelf
                ? .notice(.isNoLongerModerator, ["nick": nick])
                : .notice(.isNoLongerModeratorBy, ["nick": nick, "actor": "\(actor)"]))
        state.respondIfElsewhere(invocation, room: target.room, .notice(.isNoLongerModerator, ["nick": nick]))
        state.recordAudit("deop", by: invocation.actor, target: target.nick.name, at: invocation.now)
    }

    // MARK: Removal

    static func kick(_ state: inout ChatState, _ invocation: Invocation) throws(CommandError) {
        let target = try state.target(invocation.required(0))
        try state.checkMayModerate(target, by: invocation.actor, action: "kick")
        let reason = invocation.optional(1).map(Self.cleanReason)
        state.kick(target, by: state.name(of: invocation.actor), reason: reason)
        state.respondIfElsewhere(invocation, room: target.room, .notice(.wasKickedConfirmation, ["nick": "\(target.nick)"]))
        state.recordAudit("kick", by: invocation.actor, target: target.nick.name, reason: reason, at: invocation.now)
    }

    static func ban(_ state: inout ChatState, _ invocation: Invocation) throws(CommandError) {
        let text = invocation.required(0)
        let nickOnly = invocation.optional(1) != nil
        let now = invocation.now
        let until = invocation.optional(2).flatMap(TimeSpan.parse).map { now.addingTimeInterval($0) }
        let reason = invocation.optional(3).map(Self.cleanReason)
        let actor = state.name(of: invocation.actor)
        let target: BanList.Target
        var closed = 0
        if let holder = state.resolveClient(text) {
            try state.checkMayModerate(holder, by: invocation.actor, action: "ban")
            target = .nick(key: holder.nick.key, display: holder.nick.name)
            state.bans.add(BanList.Ban(target: target, by: actor, at: now, until: until, reason: reason))
            state.kick(holder, by: actor, reason: reason, as: .banned)
            closed = 1
            if !nickOnly {
                try Self.banAddress(of: holder, with: target, until: until, reason: reason, in: &state, invocation)
                return
            }
        } else if let block = AddressBlock(text) {
            if case .client(let id) = invocation.actor, let me = state.clients[id], block.contains(me.address) {
                throw CommandError(.banIncludesYou, ["block": "\(block)"])
            }
            target = .address(block)
            state.bans.add(BanList.Ban(target: target, by: actor, at: now, until: until, reason: reason))
            // Moderators on a shared address (a classroom NAT) stay: only the operator acts on them.
            let affected = state.clients.values
                .filter { block.contains($0.address) && $0.role < .moderator }
                .sorted { $0.id < $1.id }
            for client in affected {
                state.kick(client, by: actor, reason: reason, as: .banned)
            }
            closed = affected.count
        } else {
            let nick: Nick
            do throws(NameError) {
                nick = try Nick(text)
            } catch {
                throw CommandError(.notABanTarget, ["text": "\(TextSanitizer.preview(text, limit: 30))"])
            }
            target = .nick(key: nick.key, display: nick.name)
            state.bans.add(BanList.Ban(target: target, by: actor, at: now, until: until, reason: reason))
        }
        state.saveBans()
        let untilText = until.map { "until \(DurationText.timestamp($0))" } ?? "until lifted"
        state.respond(
            to: invocation.actor,
            .notice(.banned, ["target": "\(target)", "until": .message(Self.until(until, orElse: .untilLifted)), "closed": .count(closed)]))
        state.recordAudit("ban", by: invocation.actor, target: "\(target) \(untilText)", reason: reason, at: now)
    }

    /// The other half of `/ban NICK`: the address the nick's holder connected from, for as
    /// long, so that it cannot come straight back under another nick. Others connected from
    /// it stay (a classroom may share one address); new connections from it are refused.
    /// Not the banning moderator's own address (a shared one): the reply says so.
    private static func banAddress(
        of holder: ClientRecord, with nickTarget: BanList.Target, until: Date?, reason: String?,
        in state: inout ChatState, _ invocation: Invocation
    ) throws(CommandError) {
        let now = invocation.now
        let actor = state.name(of: invocation.actor)
        let untilText = until.map { "until \(DurationText.timestamp($0))" } ?? "until lifted"
        let untilMessage = Self.until(until, orElse: .untilLifted)
        state.recordAudit("ban", by: invocation.actor, target: "\(nickTarget) \(untilText)", reason: reason, at: now)
        let isActorsAddress: Bool
        if case .client(let id) = invocation.actor, state.clients[id]?.address == holder.address {
            isActorsAddress = true
        } else {
            isActorsAddress = false
        }
        guard !isActorsAddress, let block = AddressBlock(holder.address) else {
            state.saveBans()
            state.respond(
                to: invocation.actor,
                .notice(
                    .bannedNickNotSharedAddress,
                    ["target": "\(nickTarget)", "until": .message(untilMessage), "address": "\(holder.address)"]))
            return
        }
        let addressTarget = BanList.Target.address(block)
        state.bans.add(BanList.Ban(target: addressTarget, by: actor, at: now, until: until, reason: reason))
        state.saveBans()
        state.respond(
            to: invocation.actor,
            .notice(
                .bannedNickAndAddress,
                ["target": "\(nickTarget)", "address": "\(addressTarget)", "until": .message(untilMessage)]))
        state.recordAudit("ban", by: invocation.actor, target: "\(addressTarget) \(untilText)", reason: reason, at: now)
    }

    static func unban(_ state: inout ChatState, _ invocation: Invocation) throws(CommandError) {
        let text = invocation.required(0)
        let target: BanList.Target =
            AddressBlock(text).map { .address($0) } ?? .nick(key: IdentifierKey.make(text), display: text)
        guard state.bans.remove(target) else {
            throw CommandError(.noSuchBan, ["text": "\(TextSanitizer.preview(text, limit: 30))"])
        }
        state.saveBans()
        state.respond(to: invocation.actor, .notice(.banLifted, ["target": "\(target)"]))
        state.recordAudit("unban", by: invocation.actor, target: target.description, at: invocation.now)
    }

    static func bans(_ state: inout ChatState, _ invocation: Invocation) throws(CommandError) {
        let active = state.bans.active(at: invocation.now)
        if invocation.actor == .operator {
            // papoctl's --json: the same list as data.
            state.answerOperator(data: .array(
                active.map { ban in
                    .object([
                        "target": .string(ban.target.description), "by": .string(ban.by),
                        "at": .string(DurationText.iso8601(ban.at)),
                        "until": .optional(ban.until.map(DurationText.iso8601)), "reason": .optional(ban.reason),
                    ])
                }))
        }
        guard !active.isEmpty else {
            state.respond(to: invocation.actor, .notice(.noBans))
            return
        }
        state.respond(to: invocation.actor, .notice(.banCount, ["count": .count(active.count)]))
        for ban in active {
            var arguments: [String: MessageValue] = [
                "target": "\(ban.target)", "actor": "\(ban.by)", "at": .timestamp(ban.at),
                "until": .message(Self.until(ban.until, orElse: .untilLifted)),
            ]
            if let reason = ban.reason { arguments["reason"] = .text(reason) }
            state.respond(to: invocation.actor, .notice(ban.reason == nil ? .banRow : .banRowBecause, arguments))
        }
    }

    // MARK: Silence

    static func mute(_ state: inout ChatState, _ invocation: Invocation) throws(CommandError) {
        let target = try state.target(invocation.required(0))
        try state.checkMayModerate(target, by: invocation.actor, action: "mute")
        let now = invocation.now
        let until = invocation.optional(1).flatMap(TimeSpan.parse).map { now.addingTimeInterval($0) }
        let reason = invocation.optional(2).map(Self.cleanReason)
        let actor = state.name(of: invocation.actor)
        state.clients[target.id]?.mute = ClientRecord.Mute(by: actor, until: until, reason: reason)
        if until != nil {
            state.timedMutes.insert(target.id)
        } else {
            state.timedMutes.remove(target.id)
        }
        let untilText = until.map { "until \(DurationText.timestamp($0))" } ?? "until a moderator lifts it"
        let untilMessage = MessageValue.message(Self.until(until, orElse: .untilModeratorLifts))
        if let reason {
            state.reply(target.id, .notice(.youWereMutedBecause, ["actor": "\(actor)", "until": untilMessage, "reason": "\(reason)"]))
        } else {
            state.reply(target.id, .notice(.youWereMuted, ["actor": "\(actor)", "until": untilMessage]))
        }
        state.tellRoom(of: target.id, .notice(.wasMuted, ["nick": "\(target.nick)", "actor": "\(actor)"]))
        state.respondIfElsewhere(
            invocation, room: target.room, .notice(.mutedConfirmation, ["nick": "\(target.nick)", "until": untilMessage]))
        state.recordAudit("mute", by: invocation.actor, target: "\(target.nick) \(untilText)", reason: reason, at: now)
    }

    static func unmute(_ state: inout ChatState, _ invocation: Invocation) throws(CommandError) {
        let target = try state.target(invocation.required(0))
        guard target.mute != nil else { throw CommandError(.notMuted, ["nick": "\(target.nick)"]) }
        let actor = state.name(of: invocation.actor)
        state.clients[target.id]?.mute = nil
        state.timedMutes.remove(target.id)
        state.reply(target.id, .notice(.youMaySpeakAgain, ["actor": "\(actor)"]))
        state.tellRoom(of: target.id, .notice(.wasUnmuted, ["nick": "\(target.nick)", "actor": "\(actor)"]))
        state.respondIfElsewhere(invocation, room: target.room, .notice(.unmutedConfirmation, ["nick": "\(target.nick)"]))
        state.recordAudit("unmute", by: invocation.actor, target: target.nick.name, at: invocation.now)
    }

    static func quiet(_ state: inout ChatState, _ invocation: Invocation) throws(CommandError) {
        let client = try state.caller(invocation)
        let isOn = invocation.required(0) == "on"
        guard state.rooms[client.room.key]?.isQuiet != isOn else {
            throw CommandError(isOn ? .alreadyQuiet : .alreadyOpen, ["room": "\(client.room)"])
        }
        state.rooms[client.room.key]?.isQuiet = isOn
        state.settingsChanged(client.room)
        state.tellEveryone(
            in: client.room,
            .notice(isOn ? .madeQuiet : .endedQuiet, ["nick": "\(client.nick)", "room": "\(client.room)"]))
        state.recordAudit("quiet", by: invocation.actor, target: "\(client.room) \(isOn ? "on" : "off")", at: invocation.now)
    }

    static func voice(_ state: inout ChatState, _ invocation: Invocation) throws(CommandError) {
        try Self.setVoice(true, &state, invocation)
    }

    static func devoice(_ state: inout ChatState, _ invocation: Invocation) throws(CommandError) {
        try Self.setVoice(false, &state, invocation)
    }

    private static func setVoice(_ isVoiced: Bool, _ state: inout ChatState, _ invocation: Invocation) throws(CommandError) {
        let target = try state.target(invocation.required(0))
        guard target.isVoiced != isVoiced else {
            throw CommandError(isVoiced ? .alreadyVoiced : .hasNoVoice, ["nick": "\(target.nick)"])
        }
        let actor = state.name(of: invocation.actor)
        state.clients[target.id]?.isVoiced = isVoiced
        state.showStanding(of: target.id)
        let line = MessageLine.notice(isVoiced ? .gaveVoice : .tookVoice, ["actor": "\(actor)", "nick": "\(target.nick)"])
        state.tellEveryone(in: target.room, line)
        state.respondIfElsewhere(invocation, room: target.room, line)
        state.recordAudit(isVoiced ? "voice" : "devoice", by: invocation.actor, target: target.nick.name, at: invocation.now)
    }

    static func slow(_ state: inout ChatState, _ invocation: Invocation) throws(CommandError) {
        let client = try state.caller(invocation)
        guard let seconds = Int(invocation.required(0)), (0...3600).contains(seconds) else {
            throw .usage(Message(.slowSecondsRange), invocation.spec, scope: invocation.scope)
        }
        state.rooms[client.room.key]?.slowSeconds = seconds
        state.rooms[client.room.key]?.lastSpokeAt = [:]
        state.settingsChanged(client.room)
        state.tellEveryone(
            in: client.room,
            seconds == 0
                ? .notice(.endedSlow, ["nick": "\(client.nick)", "room": "\(client.room)"])
                : .notice(
                    .setSlow,
                    ["nick": "\(client.nick)", "room": "\(client.room)", "interval": .duration(TimeInterval(seconds))]))
        state.recordAudit("slow", by: invocation.actor, target: "\(client.room) \(seconds)s", at: invocation.now)
    }

    // MARK: Classroom flow

    static func move(_ state: inout ChatState, _ invocation: Invocation) throws(CommandError) {
        let target = try state.target(invocation.required(0))
        try state.checkMayModerate(target, by: invocation.actor, action: "move")
        let room = try state.roomName(invocation.required(1))
        if target.room == room { throw CommandError(.alreadyInThatRoom, ["nick": "\(target.nick)", "room": "\(target.room)"]) }
        state.move(target.id, to: room, announce: .movedBy(state.name(of: invocation.actor)))
        state.respondIfElsewhere(invocation, room: room, .notice(.movedConfirmation, ["nick": "\(target.nick)", "room": "\(room)"]))
        state.recordAudit("move", by: invocation.actor, target: "\(target.nick) to \(room)", at: invocation.now)
    }

    static func gather(_ state: inout ChatState, _ invocation: Invocation) throws(CommandError) {
        let destination = try invocation.optional(0).map { name throws(CommandError) in try state.roomName(name) } ?? .lobby
        let ended = state.breakout
        state.breakout = nil
        let everyone = state.clients.values.filter { $0.room != destination }.map(\.id).sorted()
        for id in everyone {
            state.move(id, to: destination, announce: .silent)
        }
        if let ended {
            // Everyone moved saw their new room; those who stayed see the breakout end.
            for room in [ended.origin] + ended.rooms {
                state.showBreakout(in: room)
            }
        }
        let actor = state.name(of: invocation.actor)
        let shown = state.rooms[destination.key]?.name ?? destination
        state.tellEveryone(in: destination, .notice(.gatheredEveryone, ["actor": "\(actor)", "room": "\(shown)"]))
        state.respondIfElsewhere(
            invocation, room: destination, .notice(.gatheredConfirmation, ["count": .count(everyone.count), "room": "\(shown)"]))
        state.recordAudit("gather", by: invocation.actor, target: shown.name, at: invocation.now)
    }

    static func breakout(_ state: inout ChatState, _ invocation: Invocation) throws(CommandError) {
        let now = invocation.now
        guard let countText = invocation.optional(0) else {
            Self.describeBreakout(&state, invocation)
            return
        }
        guard invocation.clientID != nil else {
            throw CommandError(.breakoutNeedsRoom)
        }
        let client = try state.caller(invocation)
        guard let count = Int(countText), (1...50).contains(count) else {
            throw .usage(Message(.breakoutCountRange), invocation.spec, scope: invocation.scope)
        }
        var minutes: Int?
        if let text = invocation.optional(1) {
            guard let value = Int(text), (1...600).contains(value) else {
                throw .usage(Message(.breakoutMinutesRange), invocation.spec, scope: invocation.scope)
            }
            minutes = value
        }
        if let running = state.breakout {
            throw CommandError(.breakoutRunning, ["room": "\(running.origin)"])
        }
        let origin = client.room
        var students = (state.rooms[origin.key]?.members ?? []).filter { state.clients[$0]?.role ?? .user < .moderator }
        guard students.count >= count else {
            throw CommandError(
                .breakoutTooFewStudents, ["students": .count(students.count), "room": "\(origin)", "count": .count(count)])
        }
        students.shuffle(using: &state.random)
        let rooms = (1...count).map(Breakout.roomName)
        for (index, id) in students.enumerated() {
            state.move(id, to: rooms[index % count], announce: .silent)
        }
        let length: MessageValue = minutes.map { .message(Message(.breakoutForMinutes, ["minutes": .count($0)])) } ?? ""
        let auditLength = minutes.map { " for \($0) \($0 == 1 ? "minute" : "minutes")" } ?? ""
        for room in rooms {
            let names = (state.rooms[room.key]?.members ?? []).compactMap { state.clients[$0]?.nick.name }
            state.tellEveryone(
                in: room,
                .notice(
                    .breakoutRoomStarted,
                    ["room": "\(room)", "length": length, "nick": "\(client.nick)", "names": "\(names.joined(separator: ", "))"]))
        }
        state.tellEveryone(
            in: origin,
            .notice(
                .breakoutSplit,
                [
                    "nick": "\(client.nick)", "students": .count(students.count),
                    "rooms": "\(rooms.map(\.name).joined(separator: ", "))", "length": length,
                ]))
        state.breakout = Breakout(
            origin: origin, rooms: rooms, startedBy: client.nick.name,
            endsAt: minutes.map { now.addingTimeInterval(Double($0) * state.configuration.minute) },
            hasWarned: (minutes ?? 0) <= 1)
        for room in [origin] + rooms {
            state.showBreakout(in: room)
        }
        state.recordAudit("breakout", by: invocation.actor, target: "\(origin) into \(count)\(auditLength)", at: now)
    }

    private static func describeBreakout(_ state: inout ChatState, _ invocation: Invocation) {
        guard let breakout = state.breakout else {
            state.respond(to: invocation.actor, .notice(.noBreakout))
            return
        }
        let rooms = breakout.rooms.map { "\($0) (\(state.rooms[$0.key]?.members.count ?? 0))" }
        let left =
            breakout.endsAt.map {
                Message(.breakoutTimeLeft, ["time": .duration($0.timeIntervalSince(invocation.now).rounded(.up))])
            } ?? Message(.breakoutUntilGather)
        state.respond(
            to: invocation.actor,
            .notice(
                .breakoutStatus,
                [
                    "room": "\(breakout.origin)", "nick": "\(breakout.startedBy)",
                    "rooms": "\(rooms.joined(separator: ", "))", "left": .message(left),
                ]))
    }

    static func hand(_ state: inout ChatState, _ invocation: Invocation) throws(CommandError) {
        let client = try state.caller(invocation)
        guard var room = state.rooms[client.room.key] else { return }
        let isRaising = !room.hands.contains(client.id)
        if isRaising {
            room.hands.append(client.id)
        } else {
            room.hands.removeAll { $0 == client.id }
        }
        state.rooms[client.room.key] = room
        state.showHands(of: client.room)
        let waiting = MessageValue.count(room.hands.count)
        state.reply(client.id, isRaising ? .notice(.handRaised, ["waiting": waiting]) : .notice(.handLowered))
        let moderators = room.members.filter { $0 != client.id && state.clients[$0]?.role == .moderator }
        if !moderators.isEmpty {
            let line = MessageLine.notice(isRaising ? .raisedAHand : .loweredTheirHand, ["nick": "\(client.nick)", "waiting": waiting])
            state.deliver(line, to: moderators)
        }
    }

    static func hands(_ state: inout ChatState, _ invocation: Invocation) throws(CommandError) {
        let typed: RoomName
        if let name = invocation.optional(0) {
            typed = try state.roomName(name)
        } else if invocation.clientID == nil {
            typed = .lobby
        } else {
            typed = try state.caller(invocation).room
        }
        let room = state.rooms[typed.key]?.name ?? typed
        let hands = state.rooms[room.key]?.hands ?? []
        let names = hands.enumerated().compactMap { index, id in state.clients[id].map { "\(index + 1). \($0.nick)" } }
        state.respond(
            to: invocation.actor,
            names.isEmpty
                ? .notice(.noHandsRaised, ["room": "\(room)"])
                : .notice(.handsIn, ["room": "\(room)", "names": "\(names.joined(separator: ", "))"]))
    }

    static func next(_ state: inout ChatState, _ invocation: Invocation) throws(CommandError) {
        let client = try state.caller(invocation)
        guard let first = state.rooms[client.room.key]?.hands.first, let student = state.clients[first] else {
            throw CommandError(.noHandsRaised, ["room": "\(client.room)"])
        }
        state.rooms[client.room.key]?.hands.removeFirst()
        let waiting = state.rooms[client.room.key]?.hands.count ?? 0
        state.showHands(of: client.room)
        state.tellEveryone(in: client.room, .notice(.turnToSpeak, ["nick": "\(student.nick)", "waiting": .count(waiting)]))
    }

    static func announce(_ state: inout ChatState, _ invocation: Invocation) throws(CommandError) {
        let text = TextSanitizer.clean(invocation.required(0))
        guard !text.isEmpty else { throw .usage(Message(.missingArgument, ["argument": "TEXT"]), invocation.spec, scope: invocation.scope) }
        state.tellEveryone(.notice(.announcement, ["actor": "\(state.name(of: invocation.actor))", "text": "\(text)"]))
        if case .operator = invocation.actor {
            state.respond(to: invocation.actor, .notice(.announcedTo, ["count": .count(state.clients.count)]))
        }
        state.recordAudit("announce", by: invocation.actor, reason: text, at: invocation.now)
    }

    // MARK: Helpers

    /// `until TIME`, or `fallback` for no end.
    private static func until(_ date: Date?, orElse fallback: MessageID) -> Message {
        date.map { Message(.untilTime, ["time": .timestamp($0)]) } ?? Message(fallback)
    }

    private static func cleanReason(_ text: String) -> String {
        String(TextSanitizer.clean(text).prefix(ChatState.maxReasonLength))
    }

    /// Compares every byte whatever the first difference, so timing does not reveal the password.
    static func constantTimeEquals(_ given: String, _ expected: String) -> Bool {
        let lhs = Array(given.utf8)
        let rhs = Array(expected.utf8)
        var difference = UInt8(lhs.count == rhs.count ? 0 : 1)
        for index in 0..<max(lhs.count, rhs.count) {
            let left = index < lhs.count ? lhs[index] : 0
            let right = index < rhs.count ? rhs[index] : 0
            difference |= left ^ right
        }
        return difference == 0
    }
}

extension ChatState {
    /// Confirms an action to its actor when the room notice did not already reach them.
    mutating func respondIfElsewhere(_ invocation: Invocation, room: RoomName, _ line: MessageLine) {
        if case .client(let id) = invocation.actor, self.clients[id]?.room == room { return }
        self.respond(to: invocation.actor, line)
    }
}
