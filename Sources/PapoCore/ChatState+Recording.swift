import Foundation

/// What the chat keeps beyond the process: it decides what is stored (as `.record` effects),
/// keeps each room's recent lines for join-time replay, and keeps room settings and `/op`
/// grants when nobody is using them. Nothing here happens unless `configuration.recording` is set.
extension ChatState {
    /// Whether rooms are recorded now.
    var isTranscriptOn: Bool { self.configuration.recording?.isTranscriptOn ?? false }

    /// Hands a record to the store, if there is one.
    mutating func store(_ record: StoreRecord) {
        guard self.configuration.recording != nil else { return }
        self.pending.append(.record(record))
    }

    /// A line shown to a whole room goes into its transcript; chat and actions also into its
    /// replay. Recorded even when nobody else is there to read it.
    mutating func recordRoomLine(_ line: ServerLine, in room: RoomName, from client: ClientID?, number: Int? = nil) {
        guard let recording = self.configuration.recording, recording.historyDays > 0 else { return }
        let kind: TranscriptKind
        let nick: String?
        let text: String
        switch line {
        case .chat(let from, let said, _): (kind, nick, text) = (.chat, from, said)
        case .action(let from, let did, _): (kind, nick, text) = (.action, from, did)
        case .notice(let said): (kind, nick, text) = (.notice, nil, said)
        default: return
        }
        let shown = self.rooms[room.key]?.name ?? room
        let entry = TranscriptLine(
            time: self.lastKnownTime, room: shown.name, roomKey: room.key, nick: nick, kind: kind, text: text,
            client: kind == .notice ? nil : client, number: number)
        self.pending.append(.record(.transcript(entry)))
        if kind != .notice && recording.replayLines > 0 {
            self.recentLines[room.key, default: []].append(entry)
            if let count = self.recentLines[room.key]?.count, count > recording.replayLines {
                self.recentLines[room.key]?.removeFirst(count - recording.replayLines)
            }
        }
    }

    /// A question, in its room's transcript (kind `question`): an anonymous one without its nick.
    mutating func recordQuestion(_ question: Question, in room: RoomName, from client: ClientID) {
        guard let recording = self.configuration.recording, recording.isTranscriptOn else { return }
        let shown = self.rooms[room.key]?.name ?? room
        self.pending.append(
            .record(
                .transcript(
                    TranscriptLine(
                        time: question.askedAt, room: shown.name, roomKey: room.key, nick: question.isAnonymous ? nil : question.asker,
                        kind: .question, text: "#\(question.number) \(question.text)", client: question.isAnonymous ? nil : client))))
    }

    /// A private message, kept only with `--store-private`, under the sender's room.
    mutating func recordPrivate(from sender: ClientRecord, to target: ClientRecord, text: String) {
        guard let recording = self.configuration.recording, recording.isTranscriptOn,
            recording.storesPrivateMessages
        else { return }
        let room = self.rooms[sender.room.key]?.name ?? sender.room
        self.pending.append(
            .record(
                .transcript(
                    TranscriptLine(
                        time: self.lastKnownTime, room: room.name, roomKey: room.key, nick: sender.nick.name,
                        kind: .private, text: "to \(target.nick): \(text)", client: sender.id))))
    }

    /// Someone entered, left or renamed themselves in a room, for `attendance`.
    mutating func recordPresence(_ id: ClientID, in room: RoomName, _ kind: PresenceEvent.Kind) {
        guard self.isTranscriptOn, let client = self.clients[id] else { return }
        let shown = self.rooms[room.key]?.name ?? room
        self.pending.append(
            .record(
                .presence(
                    PresenceEvent(
                        time: self.lastKnownTime, client: id, room: shown.name, roomKey: room.key,
                        nick: client.nick.name, address: client.address, kind: kind))))
    }

    /// What someone joining a recorded room is told: that it is recorded, then its recent lines
    /// between `-!- history: …` and `-!- end of history` (nothing when there are none).
    mutating func greetRecordedRoom(_ id: ClientID, room: RoomName) {
        guard let recording = self.configuration.recording, recording.isTranscriptOn else { return }
        let shown = self.rooms[room.key]?.name ?? room
        let days = recording.historyDays
        self.replyAboutRoom(
            id, room: shown.name,
            Message(
                recording.storesPrivateMessages ? .roomIsRecordedWithPrivate : .roomIsRecorded,
                ["room": "\(shown)", "days": .count(days)]))
        let oldest = self.lastKnownTime.addingTimeInterval(-Double(days) * 86_400)
        let lines = (self.recentLines[room.key] ?? []).filter { $0.time >= oldest }
        guard !lines.isEmpty else { return }
        // An IRC client that takes batches gets the history as one, and no header or footer.
        let isBatched = self.clients[id]?.ircCapabilities.contains(.batch) == true
        if isBatched {
            self.ircDeliver(IRCMessage.historyBatch(start: true, room: shown.name, server: self.serverName), to: id)
        } else {
            self.replyAboutRoom(id, room: shown.name, Message(.historyHeader, ["count": .count(lines.count), "room": "\(shown)"]))
        }
        let readsNumbers = self.readsLineNumbers(id)
        for line in lines {
            var said = line.serverLine
            if let number = line.number { said = readsNumbers ? .numbered(number, said) : .withNumber(number, said) }
            let clock = Self.clockTime(line.time, in: self.configuration.timeZone)
            self.reply(id, .replay(time: clock, line: said, at: line.time))
        }
        if isBatched {
            self.ircDeliver(IRCMessage.historyBatch(start: false, room: shown.name, server: self.serverName), to: id)
        } else {
            self.replyAboutRoom(id, room: shown.name, Message(.historyEnd))
        }
    }

    /// A notice about `room` to `id`: an IRC client reads it in the room's window.
    mutating func replyAboutRoom(_ id: ClientID, room: String, _ message: Message) {
        guard self.clients[id]?.seesPresenceAsEvents == true else {
            self.reply(id, .notice(message))
            return
        }
        let text = message.rendered(in: self.language(of: id))
        self.ircDeliver(IRCMessage(command: "NOTICE", parameters: [room, text], source: self.serverName), to: id)
    }

    /// `HH:MM` in `timeZone`.
    static func clockTime(_ date: Date, in timeZone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.hour, .minute], from: date)
        let hour = parts.hour ?? 0
        let minute = parts.minute ?? 0
        return (hour < 10 ? "0" : "") + String(hour) + ":" + (minute < 10 ? "0" : "") + String(minute)
    }

    // MARK: Settings that outlive their users

    /// Remembers a room's settings (so they survive the room emptying) and stores them.
    mutating func saveRoomSettings(_ room: RoomName) {
        guard let current = self.rooms[room.key] else { return }
        let settings = RoomSettings(
            room: current.name.name, roomKey: room.key, topic: current.topic, isQuiet: current.isQuiet,
            slowSeconds: current.slowSeconds)
        self.savedRoomSettings[room.key] = settings.isDefault ? nil : settings
        self.store(.roomSettings(settings))
    }

    /// A room coming into use, with the settings it had when it was last used.
    func makeRoom(_ name: RoomName) -> Room {
        guard let saved = self.savedRoomSettings[name.key] else { return Room(name: name) }
        var room = Room(name: (try? RoomName(saved.room)).flatMap { $0 == name ? $0 : nil } ?? name)
        room.topic = saved.topic
        room.isQuiet = saved.isQuiet
        room.slowSeconds = saved.slowSeconds
        room.shownSettings = self.settings(of: room)
        return room
    }

    mutating func saveBans() {
        self.store(.bans(self.bans))
    }

    mutating func saveOpGrants() {
        self.store(.opGrants(self.opGrants.values.sorted { $0.nickKey < $1.nickKey }))
    }

    /// Someone who took a nick made a moderator with `/op`, from the address it was made from,
    /// is a moderator again.
    mutating func applyOpGrant(to id: ClientID) {
        guard let client = self.clients[id], client.role < .moderator,
            let grant = self.opGrants[client.nick.key], grant.address == client.address
        else { return }
        self.setRole(.moderator, of: id)
        self.showStanding(of: id)
        self.reply(id, .notice(.moderatorAgain, ["actor": "\(grant.by)"]))
        self.tellRoom(of: id, .notice(.isModeratorAgain, ["nick": "\(client.nick)"]))
    }

    // MARK: Startup

    /// Takes back what the store kept: bans, `/op` grants, room settings, recent lines, audit.
    public mutating func restore(_ stored: StoredState, at now: Date) {
        self.lastKnownTime = now
        self.bans = stored.bans
        _ = self.bans.expire(at: now)
        self.opGrants = Dictionary(stored.opGrants.map { ($0.nickKey, $0) }, uniquingKeysWith: { $1 })
        for settings in stored.roomSettings where !settings.isDefault {
            self.savedRoomSettings[settings.roomKey] = settings
        }
        for (key, room) in self.rooms where self.savedRoomSettings[key] != nil && room.members.isEmpty {
            self.rooms[key] = self.makeRoom(room.name)
        }
        let replayLines = self.configuration.recording?.replayLines ?? 0
        var recent: [String: [TranscriptLine]] = [:]
        for line in stored.recentLines where line.kind == .chat || line.kind == .action {
            recent[line.roomKey, default: []].append(line)
        }
        self.recentLines = replayLines > 0 ? recent.mapValues { Array($0.suffix(replayLines)) } : [:]
        self.audit = Array(stored.audit.suffix(self.configuration.auditCapacity))
        self.privacy = stored.serverSettings[PrivacyPolicy.settingKey].flatMap(PrivacyPolicy.init(rawValue:)) ?? .open
        self.lastLineNumber = max(self.lastLineNumber, stored.lastLineNumber)
    }
}
