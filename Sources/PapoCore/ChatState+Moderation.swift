import Foundation

/// The rules moderation commands share: who may speak, who may act on whom, time running out.
extension ChatState {
    /// The name an actor goes by in notices and the audit.
    func name(of actor: CommandActor) -> String {
        switch actor {
        case .client(let id): return self.clients[id]?.nick.name ?? "?"
        case .operator: return "operator"
        }
    }

    func role(of actor: CommandActor) -> Role? {
        switch actor {
        case .client(let id): return self.clients[id]?.role
        case .operator: return nil
        }
    }

    /// A client by nick or by client id (`c12` or `12`).
    func resolveClient(_ text: String) -> ClientRecord? {
        if let client = self.client(named: text) { return client }
        let digits = text.hasPrefix("c") ? text.dropFirst() : Substring(text)
        guard !digits.isEmpty, digits.allSatisfy(\.isASCIIDigitCharacter), let raw = UInt64(digits) else { return nil }
        return self.clients[ClientID(raw)]
    }

    /// Moderators cannot act on each other; only the operator can.
    func checkMayModerate(_ target: ClientRecord, by actor: CommandActor, action: String) throws(CommandError) {
        if case .client(let id) = actor {
            if target.id == id { throw CommandError(.cannotActOnYourself, ["action": "\(action)"]) }
            if target.role == .moderator {
                throw CommandError(.cannotActOnModerator, ["nick": "\(target.nick)", "action": "\(action)"])
            }
        }
    }

    /// Whether the client may say something to its room now: not muted, not silenced by
    /// quiet mode, not too soon in slow mode. Records the message time for slow mode.
    mutating func checkMayspeakInRoom(_ client: ClientRecord, at now: Date) throws(CommandError) {
        try self.checkNotMuted(client, at: now)
        guard let room = self.rooms[client.room.key], client.role < .moderator else { return }
        if Self.isHushed(client, in: room) {
            throw CommandError(.roomIsQuiet, ["room": "\(room.name)"])
        }
        if room.slowSeconds > 0 {
            if let last = room.lastSpokeAt[client.id] {
                let wait = TimeInterval(room.slowSeconds) - now.timeIntervalSince(last)
                if wait > 0 {
                    throw CommandError(.roomIsSlow, ["room": "\(room.name)", "wait": .duration(wait.rounded(.up))])
                }
            }
            self.rooms[client.room.key]?.lastSpokeAt[client.id] = now
        }
    }

    /// Whether `room` is quiet and `client` may not speak in it (neither voiced nor a moderator).
    static func isHushed(_ client: ClientRecord, in room: Room) -> Bool {
        room.isQuiet && !client.isVoiced && client.role < .moderator
    }

    func checkNotMuted(_ client: ClientRecord, at now: Date) throws(CommandError) {
        guard let mute = client.mute, mute.until.map({ now < $0 }) ?? true else { return }
        let until = mute.until.map { Message(.untilTime, ["time": .timestamp($0)]) } ?? Message(.untilModeratorLifts)
        if let reason = mute.reason {
            throw CommandError(.youAreMutedBecause, ["until": .message(until), "actor": "\(mute.by)", "reason": "\(reason)"])
        }
        throw CommandError(.youAreMuted, ["until": .message(until), "actor": "\(mute.by)"])
    }

    /// Records a moderation action in the audit list and hands it to the transport to log.
    mutating func recordAudit(
        _ action: String, by actor: CommandActor, target: String? = nil, reason: String? = nil, at now: Date
    ) {
        self.recordAudit(action, byName: self.name(of: actor), target: target, reason: reason, at: now)
    }

    mutating func recordAudit(_ action: String, byName actor: String, target: String? = nil, reason: String? = nil, at now: Date) {
        let entry = AuditEntry(at: now, actor: actor, action: action, target: target, reason: reason)
        self.audit.append(entry)
        if self.audit.count > self.configuration.auditCapacity {
            self.audit.removeFirst(self.audit.count - self.configuration.auditCapacity)
        }
        self.pending.append(.audit(entry))
        self.store(.audit(entry))
    }

    /// How a removal is told: a kick, or a ban of someone connected.
    enum Removal {
        case kicked
        case banned
    }

    /// Removes a client: they are told who and why, the connection closes, the room is told.
    mutating func kick(_ target: ClientRecord, by actorName: String, reason: String?, as removal: Removal = .kicked) {
        var arguments: [String: MessageValue] = ["nick": "\(target.nick)", "actor": "\(actorName)"]
        if let reason { arguments["reason"] = "\(reason)" }
        let (toTarget, toRoom, leaving): (MessageID, MessageID, MessageID) =
            switch (removal, reason != nil) {
            case (.kicked, false): (.youWereKicked, .wasKicked, .reasonKicked)
            case (.kicked, true): (.youWereKickedBecause, .wasKickedBecause, .reasonKicked)
            case (.banned, false): (.youWereBanned, .wasBanned, .reasonBanned)
            case (.banned, true): (.youWereBannedBecause, .wasBannedBecause, .reasonBanned)
            }
        var targetArguments = arguments
        targetArguments["nick"] = nil
        if target.seesPresenceAsEvents {
            // An IRC client sees its own KICK in the room's window, then why, then the close.
            self.ircDeliver(
                IRCMessage(
                    command: "KICK", parameters: [target.room.name, target.nick.name, reason ?? actorName],
                    source: self.ircMask(of: actorName)),
                to: target.id)
        }
        self.reply(target.id, .error(toTarget, targetArguments))
        self.pending.append(.close(target.id))
        if !self.isShuttingDown {
            self.tellRoom(of: target.id, .notice(toRoom, arguments), presence: true)
        }
        self.remove(target.id, reason: .message(Message(leaving)), announce: false, kickedBy: actorName, kickReason: reason)
    }

    /// `(by ana, until 2026-11-24 11:00:00 UTC): spamming`
    static func describe(_ ban: BanList.Ban) -> Message {
        let until = ban.until.map { Message(.untilTime, ["time": .timestamp($0)]) } ?? Message(.untilLifted)
        guard let reason = ban.reason else {
            return Message(.banDescription, ["actor": "\(ban.by)", "until": .message(until)])
        }
        return Message(.banDescriptionBecause, ["actor": "\(ban.by)", "until": .message(until), "reason": "\(reason)"])
    }

    /// Time passes: mutes and bans lapse, breakouts warn and end.
    public mutating func tick(at now: Date) -> [Effect] {
        self.lastKnownTime = now
        let expired = self.bans.expire(at: now)
        for ban in expired {
            let entry = AuditEntry(at: now, actor: "server", action: "ban-expired", target: ban.target.description)
            self.pending.append(.audit(entry))
            self.store(.audit(entry))
        }
        if !expired.isEmpty {
            self.saveBans()
        }
        // Only timed mutes: walking (and copying) every client's record each second cost the
        // chat lock about a millisecond per 10,000 idle connections.
        for id in self.timedMutes.sorted() {
            guard let until = self.clients[id]?.mute?.until else {
                self.timedMutes.remove(id)  // gone, or muted again until lifted
                continue
            }
            if until <= now {
                self.clients[id]?.mute = nil
                self.timedMutes.remove(id)
                self.reply(id, .notice(.muteEnded))
            }
        }
        // Strikes are remembered for an hour after a lockout ends, so repeated guessing waits longer.
        self.loginLockouts = self.loginLockouts.filter { $0.value.until.addingTimeInterval(3600) > now }
        self.advanceShutdown(at: now)
        if !self.polls.isEmpty { self.closeEndedPolls(at: now) }
        if var breakout = self.breakout, let endsAt = breakout.endsAt {
            if now >= endsAt {
                self.endBreakout(by: "server", at: now)
            } else if !breakout.hasWarned && endsAt.timeIntervalSince(now) <= self.configuration.minute {
                breakout.hasWarned = true
                self.breakout = breakout
                for room in breakout.rooms {
                    self.tellEveryone(in: room, .notice(.breakoutOneMinuteLeft, ["room": "\(breakout.origin)"]))
                }
            }
        }
        return self.takeEffects()
    }

    /// Everyone in the breakout rooms goes back to the room they came from.
    mutating func endBreakout(by actorName: String, at now: Date) {
        guard let breakout = self.breakout else { return }
        self.breakout = nil
        for room in breakout.rooms {
            for id in self.rooms[room.key]?.members ?? [] {
                self.move(id, to: breakout.origin, announce: .silent)
            }
        }
        self.tellEveryone(in: breakout.origin, .notice(.breakoutOver, ["room": "\(breakout.origin)"]))
        self.showBreakout(in: breakout.origin)
    }
}

/// The moderator password: `/login`, and IRC's SASL PLAIN before the client is in the chat.
extension ChatState {
    /// Whether `password` is the moderator password, for a connection from `address`; throws
    /// why it is not looked at (login disabled, plaintext where TLS is required, locked out).
    /// `viaIRC`: an IRC client asks, and is told the IRC door's TLS port.
    public func checkModeratorPassword(
        _ given: String, address: String, isSecure: Bool, viaIRC: Bool = false, at now: Date
    ) throws(CommandError) -> Bool {
        guard let password = self.configuration.moderatorPassword else {
            throw CommandError(.loginDisabled)
        }
        if let port = self.configuration.loginTLSPort, !isSecure {
            // Refused before the password is looked at: it has crossed the network in clear
            // text once already, and must not be accepted that way.
            if viaIRC, let ircPort = self.configuration.loginIRCSPort {
                throw CommandError(.loginNeedsIRCS, ["port": "\(ircPort)"])
            }
            if let httpsPort = self.configuration.loginHTTPSPort {
                throw CommandError(.loginNeedsTLSOrHTTPS, ["port": "\(port)", "httpsPort": "\(httpsPort)"])
            }
            throw CommandError(.loginNeedsTLS, ["port": "\(port)"])
        }
        if let lockout = self.loginLockouts[address], lockout.until > now {
            throw CommandError(.loginLockedOut, ["wait": .duration(lockout.until.timeIntervalSince(now).rounded(.up))])
        }
        return ModerationCommands.constantTimeEquals(given, password)
    }

    /// `address` used up its attempts: no password is looked at from it for a while, doubling
    /// each time.
    public mutating func lockOutLogins(from address: String, at now: Date) {
        var lockout = self.loginLockouts[address] ?? LoginLockout(strikes: 0, until: now)
        lockout.strikes += 1
        let wait = min(3600, self.configuration.loginLockout * pow(2, Double(lockout.strikes - 1)))
        lockout.until = now.addingTimeInterval(wait)
        self.loginLockouts[address] = lockout
    }

    /// `id` gave the moderator password: it is a moderator, and its room is told.
    mutating func grantModerator(_ id: ClientID, by actor: CommandActor, at now: Date) {
        guard let client = self.clients[id] else { return }
        self.setRole(.moderator, of: id)
        self.showStanding(of: id)
        self.reply(id, .notice(.youAreNowModerator))
        self.tellRoom(of: id, .notice(.isNowModerator, ["nick": "\(client.nick)"]))
        self.recordAudit("login", by: actor, at: now)
    }

    /// An IRC client that authenticated with SASL before registering becomes a moderator as it
    /// arrives.
    public mutating func grantModeratorAfterSASL(_ id: ClientID, at now: Date) -> [Effect] {
        self.grantModerator(id, by: .client(id), at: now)
        return self.takeEffects()
    }

    /// A SASL attempt by `nick` failed before it was in the chat: audited like a failed `/login`.
    public mutating func noteFailedSASL(by nick: String, from address: String, lockingOut: Bool, at now: Date) -> [Effect] {
        self.recordAudit("login-failed", byName: nick, target: address, at: now)
        if lockingOut { self.lockOutLogins(from: address, at: now) }
        return self.takeEffects()
    }
}
