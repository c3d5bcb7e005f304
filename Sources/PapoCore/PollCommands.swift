import Foundation

/// `/poll [--named] [DURATION] QUESTION | OPTION | OPTION…` (moderators start one; anyone
/// asks `/poll` to see it), `/vote N`, `/endpoll`. One poll at a time in a room; at its end
/// (`/endpoll` or its time) everyone sees the result as a bar chart: in text, or drawn by the
/// web page from a `.poll` update.
enum PollCommands {
    static let specs: [CommandSpec] = [
        CommandSpec(
            name: "poll", portugueseNames: ["enquete"], scopes: [.user],
            arguments: [.flag("--named"), .duration(), .rest("QUESTION | OPTION | OPTION", optional: true)],
            summary: "help.poll", details: [Message("help.poll.1"), Message("help.poll.2")], handler: poll),
        CommandSpec(
            name: "vote", portugueseNames: ["votar"], scopes: [.user], arguments: [.word("N")], summary: "help.vote",
            handler: vote),
        CommandSpec(
            name: "endpoll", portugueseNames: ["encerrar"], scopes: [.user], requiredRole: .moderator, summary: "help.endpoll",
            handler: endPoll),
    ]

    static func poll(_ state: inout ChatState, _ invocation: Invocation) throws(CommandError) {
        let client = try state.caller(invocation)
        guard let text = invocation.optional(2) else {
            return try Self.show(to: client, in: &state)
        }
        guard client.role == .moderator else { throw CommandError(.pollNeedsModerator) }
        if state.polls[client.room.key]?.isClosed == false {
            throw CommandError(.pollAlreadyOpen, ["room": "\(client.room)"])
        }
        guard let (question, options) = Poll.parse(text) else {
            throw .usage(Message(.pollMalformed), invocation.spec, scope: invocation.scope)
        }
        guard Poll.optionLimits.contains(options.count) else {
            throw CommandError(.pollOptionCount, ["min": .count(Poll.optionLimits.lowerBound), "max": .count(Poll.optionLimits.upperBound)])
        }
        guard ([question] + options).allSatisfy({ $0.count <= Poll.maxTextLength }) else {
            throw CommandError(.pollTextTooLong, ["max": .count(Poll.maxTextLength)])
        }
        let endsAt = invocation.optional(1).flatMap(TimeSpan.parse).map { invocation.now.addingTimeInterval($0) }
        let poll = Poll(
            question: question, options: options, isNamed: invocation.optional(0) != nil, startedBy: client.nick.name,
            endsAt: endsAt)
        state.polls[client.room.key] = poll
        state.tellEveryone(in: client.room, .notice(.pollStarted, ["nick": "\(client.nick)", "question": "\(question)"]))
        state.tellEveryone(in: client.room, options: poll)
        let how: MessageID = poll.isNamed ? .pollHowToVoteNamed : .pollHowToVote
        let closes = endsAt.map { Message(.pollClosesAt, ["time": .timestamp($0)]) } ?? Message(.pollClosesByModerator)
        state.tellEveryone(in: client.room, .notice(how, ["count": .count(options.count), "closes": .message(closes)]))
        state.recordAudit("poll", by: invocation.actor, target: "\(client.room)", reason: question, at: invocation.now)
    }

    static func vote(_ state: inout ChatState, _ invocation: Invocation) throws(CommandError) {
        let client = try state.caller(invocation)
        guard var poll = state.polls[client.room.key], !poll.isClosed else {
            throw CommandError(.noOpenPoll, ["room": "\(client.room)"])
        }
        let word = invocation.required(0)
        guard let number = Int(word), poll.options.indices.contains(number - 1) else {
            throw CommandError(.notAnOption, ["text": "\(TextSanitizer.preview(word, limit: 20))", "count": .count(poll.options.count)])
        }
        let previous = poll.vote(number - 1, by: client.nick.key, as: client.nick.name)
        state.polls[client.room.key] = poll
        let option = "\(number). \(poll.options[number - 1])"
        let said: MessageID = previous == nil ? .voted : previous == number - 1 ? .votedAlready : .voteChanged
        state.reply(client.id, .notice(said, ["option": "\(option)"]))
    }

    static func endPoll(_ state: inout ChatState, _ invocation: Invocation) throws(CommandError) {
        let client = try state.caller(invocation)
        guard let poll = state.polls[client.room.key], !poll.isClosed else {
            throw CommandError(.noOpenPoll, ["room": "\(client.room)"])
        }
        state.closePoll(in: client.room, by: client.nick.name)
        state.recordAudit("endpoll", by: invocation.actor, target: "\(client.room)", reason: poll.question, at: invocation.now)
    }

    /// `/poll` alone: a running poll's tally to moderators (and who voted what, if named), its
    /// options and one's own vote to students; a closed poll's result to anyone.
    private static func show(to client: ClientRecord, in state: inout ChatState) throws(CommandError) {
        guard let poll = state.polls[client.room.key] else {
            throw CommandError(.noPoll, ["room": "\(client.room)"])
        }
        let total: MessageValue = .count(poll.choices.count)
        if poll.isClosed {
            state.reply(client.id, .notice(.pollResult, ["question": "\(poll.question)", "total": total]))
            state.reply(client.id, chartOf: poll, in: client.room)
        } else if client.role == .moderator {
            state.reply(client.id, .notice(.pollRunning, ["question": "\(poll.question)", "total": total]))
            state.reply(client.id, chartOf: poll, in: client.room)
            if poll.isNamed { state.replyVoters(of: poll, to: client.id) }
        } else {
            state.reply(client.id, .notice(.pollOpen, ["question": "\(poll.question)"]))
            for (index, option) in poll.options.enumerated() {
                state.reply(client.id, ServerLine.notice("  \(index + 1). \(option)"))
            }
            if let mine = poll.choices[client.nick.key] {
                state.reply(client.id, .notice(.pollYourVote, ["option": "\(mine + 1). \(poll.options[mine])"]))
            }
        }
    }
}

extension ChatState {
    /// A poll's numbered options, to its whole room (and its transcript).
    mutating func tellEveryone(in room: RoomName, options poll: Poll) {
        for (index, option) in poll.options.enumerated() {
            self.tellEveryone(in: room, line: .notice("  \(index + 1). \(option)"))
        }
    }

    /// A line of data (a poll's option or bar), the same in every language, to a whole room.
    mutating func tellEveryone(in room: RoomName, line: ServerLine) {
        guard let members = self.rooms[room.key]?.members else { return }
        self.recordRoomLine(line, in: room, from: nil)
        if !members.isEmpty { self.pending.append(.deliver(line, to: members)) }
    }

    /// Closes `room`'s poll and shows everyone the result; moderators of a named poll also
    /// see who voted what.
    mutating func closePoll(in room: RoomName, by actor: String) {
        guard var poll = self.polls[room.key], !poll.isClosed else { return }
        poll.isClosed = true
        self.polls[room.key] = poll
        self.tellEveryone(
            in: room, .notice(.pollClosed, ["nick": "\(actor)", "question": "\(poll.question)", "total": .count(poll.choices.count)]))
        if let members = self.rooms[room.key]?.members, !members.isEmpty {
            let shown = self.rooms[room.key]?.name.name ?? room.name
            self.pending.append(.deliver(.update(.poll(room: shown, poll.drawnTally)), to: members))
        }
        for line in poll.chart() {
            // Recorded as it is; the web page has drawn the bars instead.
            self.recordRoomLine(.notice(line), in: room, from: nil)
            if let members = self.rooms[room.key]?.members, !members.isEmpty {
                self.pending.append(.deliver(.textOnly(.notice(line)), to: members))
            }
        }
        if poll.isNamed {
            for moderator in self.rooms[room.key]?.members ?? [] where self.clients[moderator]?.role == .moderator {
                self.replyVoters(of: poll, to: moderator)
            }
        }
    }

    /// A poll's tally to one client: bars the web page draws, the text chart for the others.
    mutating func reply(_ id: ClientID, chartOf poll: Poll, in room: RoomName) {
        let shown = self.rooms[room.key]?.name.name ?? room.name
        self.reply(id, .update(.poll(room: shown, poll.drawnTally)))
        for line in poll.chart() { self.reply(id, .textOnly(.notice(line))) }
    }

    /// Who chose each option of a named poll.
    mutating func replyVoters(of poll: Poll, to id: ClientID) {
        for (index, names) in poll.votersByOption.enumerated() where !names.isEmpty {
            self.reply(
                id, .notice(.pollVoters, ["option": "\(index + 1). \(poll.options[index])", "nicks": "\(names.joined(separator: ", "))"]))
        }
    }

    /// Polls whose time is up close (from the tick).
    mutating func closeEndedPolls(at now: Date) {
        // In key order: a dictionary's own order differs between processes, and every node of
        // a cluster must close them (and tell their rooms) in the same order.
        for (key, poll) in self.polls.sorted(by: { $0.key < $1.key }) where !poll.isClosed {
            guard let endsAt = poll.endsAt, endsAt <= now else { continue }
            let room = self.rooms[key]?.name ?? (try? RoomName(key)) ?? .lobby
            self.closePoll(in: room, by: "server")
        }
    }
}
