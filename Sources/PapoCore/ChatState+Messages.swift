/// Sending catalogue messages: each recipient reads the line in its own language, and each
/// language among the recipients is rendered once, never once per recipient.
extension ChatState {
    /// The language of `id`, or the server's for a client that is gone.
    func language(of id: ClientID) -> Language {
        self.clients[id]?.language ?? self.configuration.language
    }

    /// A client chose its language (`/lang`, papo's locale, the browser's language).
    mutating func setLanguage(_ language: Language, of id: ClientID) {
        guard let old = self.clients[id]?.language, old != language else { return }
        self.clients[id]?.language = language
        let serverLanguage = self.configuration.language
        if old == serverLanguage { self.clientsInOtherLanguages += 1 }
        if language == serverLanguage { self.clientsInOtherLanguages -= 1 }
    }

    /// `presence`: the line tells of a join, part, quit or nick change, which a client that
    /// sees presence as events is not sent.
    mutating func reply(_ id: ClientID, _ line: MessageLine, presence: Bool = false) {
        if presence && self.clients[id]?.seesPresenceAsEvents == true { return }
        self.pending.append(.deliver(line.rendered(in: self.language(of: id)), to: [id]))
    }

    /// A reply to whoever ran a command; the operator reads the server's language.
    mutating func respond(to actor: CommandActor, _ line: MessageLine) {
        switch actor {
        case .client(let id): self.reply(id, line)
        case .operator: self.pending.append(.answerOperator(.line(line.rendered(in: self.configuration.language))))
        }
    }

    /// A line to every connected client.
    mutating func tellEveryone(_ line: MessageLine) {
        if self.isTranscriptOn {
            let recorded = line.rendered(in: self.configuration.language)
            for room in self.rooms.values.sorted(by: { $0.name.key < $1.name.key }) where !room.members.isEmpty {
                self.recordRoomLine(recorded, in: room.name, from: nil)
            }
        }
        self.deliver(line, to: Array(self.clients.keys).sorted())
    }

    /// A line to every member of `id`'s room but `id`; `presence` as for `reply`.
    /// `quietInCrowds`: a join, leave, move or nick change, which a room above the announce
    /// limit tells its moderators only (the views and `/list` stay current).
    mutating func tellRoom(of id: ClientID, _ line: MessageLine, presence: Bool = false, quietInCrowds: Bool = false) {
        guard let client = self.clients[id], let room = self.rooms[client.room.key] else { return }
        self.recordRoomLine(line.rendered(in: self.configuration.language), in: room.name, from: id)
        var recipients = room.members(except: id)
        if presence && self.clientsSeeingPresenceAsEvents > 0 {
            recipients.removeAll { self.clients[$0]?.seesPresenceAsEvents == true }
        }
        let limit = self.configuration.announceLimit
        if quietInCrowds && limit > 0 && room.members.count > limit {
            recipients.removeAll { self.clients[$0]?.role != .moderator }
        }
        self.deliver(line, to: recipients)
    }

    /// A line to every member of a room.
    mutating func tellEveryone(in room: RoomName, _ line: MessageLine) {
        if self.rooms[room.key] != nil {
            self.recordRoomLine(line.rendered(in: self.configuration.language), in: room, from: nil)
        }
        self.deliver(line, to: self.rooms[room.key]?.members ?? [])
    }

    /// One delivery per language the recipients read, each recipient in exactly one.
    mutating func deliver(_ line: MessageLine, to recipients: [ClientID]) {
        guard !recipients.isEmpty else { return }
        let serverLanguage = self.configuration.language
        guard self.clientsInOtherLanguages > 0 else {
            self.pending.append(.deliver(line.rendered(in: serverLanguage), to: recipients))
            return
        }
        for language in Language.allCases {
            let readers = recipients.filter { self.language(of: $0) == language }
            if !readers.isEmpty {
                self.pending.append(.deliver(line.rendered(in: language), to: readers))
            }
        }
    }
}
