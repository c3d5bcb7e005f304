/// The web client's view of rooms: what changed, sent to those who see it (`RoomUpdate`).
/// Each mutation of members, roles, settings or hands calls one of these once.
extension ChatState {
    func member(_ id: ClientID) -> RoomMember? {
        guard let client = self.clients[id] else { return nil }
        let standing: RoomMember.Standing =
            client.role == .moderator ? .moderator : client.isVoiced ? .voiced : .student
        return RoomMember(nick: client.nick.name, standing: standing)
    }

    func settings(of room: Room) -> RoomView.Settings {
        RoomView.Settings(topic: room.topic?.text, isQuiet: room.isQuiet, slowSeconds: room.slowSeconds)
    }

    /// `id` is now in its room (coming from `previousRoom`, on a move): the whole room, and
    /// the hands if it is a moderator.
    mutating func showRoom(to id: ClientID, from previousRoom: RoomName? = nil) {
        guard let client = self.clients[id], let room = self.rooms[client.room.key] else { return }
        let view = RoomView(
            room: room.name.name, you: client.nick.name, settings: self.settings(of: room),
            members: room.members.compactMap { self.member($0) }, breakout: self.breakoutView(for: room.name),
            previousRoom: previousRoom?.name)
        self.pending.append(.deliver(.update(.entered(view)), to: [id]))
        if client.role == .moderator && !room.hands.isEmpty {
            self.pending.append(.deliver(.update(.hands(room: room.name.name, nicks: self.handNicks(room))), to: [id]))
        }
    }

    /// `id` came into its room: the others see it.
    mutating func showArrival(of id: ClientID) {
        guard let client = self.clients[id], let room = self.rooms[client.room.key], let member = self.member(id) else {
            return
        }
        let others = room.members(except: id)
        guard !others.isEmpty else { return }
        self.pending.append(.deliver(.update(.joined(room: room.name.name, member: member)), to: others))
    }

    /// Someone named `nick` is no longer among `roomName`'s members (already removed); `quit`:
    /// it left the server.
    mutating func showDeparture(
        of nick: Nick, from roomName: RoomName, quit: Bool = false, reason: String? = nil, kickedBy: String? = nil
    ) {
        guard let room = self.rooms[roomName.key], !room.members.isEmpty else { return }
        let update = RoomUpdate.left(room: room.name.name, nick: nick.name, quit: quit, reason: reason, kickedBy: kickedBy)
        self.pending.append(.deliver(.update(update), to: room.members))
    }

    mutating func showRename(of id: ClientID, from old: Nick) {
        guard let client = self.clients[id], let room = self.rooms[client.room.key] else { return }
        self.pending.append(
            .deliver(.update(.renamed(room: room.name.name, old: old.name, new: client.nick.name)), to: room.members))
    }

    /// `id`'s role or voice changed: its room sees the new standing; a new moderator also
    /// gets the hands, which only moderators see.
    mutating func showStanding(of id: ClientID) {
        guard let client = self.clients[id], let room = self.rooms[client.room.key], let member = self.member(id) else {
            return
        }
        self.pending.append(.deliver(.update(.changed(room: room.name.name, member: member)), to: room.members))
        if client.role == .moderator {
            self.pending.append(.deliver(.update(.hands(room: room.name.name, nicks: self.handNicks(room))), to: [id]))
        }
    }

    /// A room's topic, quiet or slow mode changed: kept for its return, shown to its members.
    mutating func settingsChanged(_ room: RoomName) {
        self.saveRoomSettings(room)
        self.showSettings(of: room)
    }

    /// `id` entered its room (on connecting, or moving from `previousRoom`): it sees the
    /// room, the room sees it.
    mutating func showEntry(of id: ClientID, from previousRoom: RoomName? = nil) {
        self.showRoom(to: id, from: previousRoom)
        self.showArrival(of: id)
    }

    mutating func showSettings(of roomName: RoomName) {
        guard let room = self.rooms[roomName.key], !room.members.isEmpty else { return }
        let settings = self.settings(of: room)
        let previous = room.shownSettings ?? RoomView.Settings(topic: nil, isQuiet: false, slowSeconds: 0)
        self.rooms[roomName.key]?.shownSettings = settings
        self.pending.append(.deliver(.update(.settings(room: room.name.name, settings)), to: room.members))
        guard self.clientsSeeingPresenceAsEvents > 0 else { return }
        // IRC clients keep a room's topic and modes themselves: they are told what changed.
        let ircMembers = room.members.filter { self.clients[$0]?.seesPresenceAsEvents == true }
        guard !ircMembers.isEmpty else { return }
        for message in self.ircSettingChanges(in: room, from: previous, to: settings) {
            self.pending.append(.deliver(.irc(message), to: ircMembers))
        }
    }

    /// The room's raised hands changed: its moderators see the queue.
    mutating func showHands(of roomName: RoomName) {
        guard let room = self.rooms[roomName.key] else { return }
        let moderators = room.members.filter { self.clients[$0]?.role == .moderator }
        guard !moderators.isEmpty else { return }
        self.pending.append(.deliver(.update(.hands(room: room.name.name, nicks: self.handNicks(room))), to: moderators))
    }

    /// The running breakout as `room` shows it: nil unless it is one of its rooms or its origin.
    func breakoutView(for room: RoomName) -> BreakoutView? {
        guard let breakout = self.breakout, breakout.origin == room || breakout.rooms.contains(room) else { return nil }
        return BreakoutView(rooms: breakout.rooms.map(\.name), endsAt: breakout.endsAt)
    }

    /// A breakout began or ended: `room`'s members see it (its countdown, on the web page).
    mutating func showBreakout(in room: RoomName) {
        guard let members = self.rooms[room.key]?.members, !members.isEmpty else { return }
        let name = self.rooms[room.key]?.name.name ?? room.name
        self.pending.append(.deliver(.update(.breakout(room: name, self.breakoutView(for: room))), to: members))
    }

    private func handNicks(_ room: Room) -> [String] {
        room.hands.compactMap { self.clients[$0]?.nick.name }
    }
}
