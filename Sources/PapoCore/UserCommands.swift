import Foundation

/// The commands every connected client may type, in the order `/help` lists them (`rooms` is
/// the operator's too). Each handler holds only its rule; the dispatcher has already checked
/// scope, role and arity.
enum UserCommands {
    static let specs: [CommandSpec] = [
        CommandSpec(
            name: "nick", portugueseNames: ["apelido"], scopes: [.user], arguments: [.word("NAME")],
            summary: "help.nick",
            details: [Message("help.nick.1", ["max": .count(Nick.maxLength)])],
            handler: nick),
        CommandSpec(
            name: "list", aliases: ["names"], portugueseNames: ["lista", "nomes"], scopes: [.user],
            summary: "help.list", handler: list),
        RoomsCommand.spec,
        CommandSpec(
            name: "join", aliases: ["j"], portugueseNames: ["entrar"], scopes: [.user], arguments: [.room()],
            summary: "help.join",
            details: [Message("help.join.1", ["max": .count(RoomName.maxLength)])],
            handler: join),
        CommandSpec(
            name: "part", aliases: ["leave"], portugueseNames: ["voltar"], scopes: [.user],
            summary: "help.part", handler: part),
        CommandSpec(
            name: "msg", aliases: ["m", "tell"], portugueseNames: ["privado"], scopes: [.user], arguments: [.nick(), .rest("TEXT")],
            summary: "help.msg", handler: msg),
        CommandSpec(
            name: "me", portugueseNames: ["eu"], scopes: [.user], arguments: [.rest("ACTION")],
            summary: "help.me", handler: me),
        CommandSpec(
            name: "topic", portugueseNames: ["tema"], scopes: [.user], arguments: [.rest("TEXT", optional: true)],
            summary: "help.topic",
            details: [Message("help.topic.1", ["max": .count(ChatState.maxTopicLength)])], handler: topic),
        CommandSpec(
            name: "who", aliases: ["whois"], portugueseNames: ["quem"], scopes: [.user], arguments: [.nick()],
            summary: "help.who", handler: who),
        CommandSpec(
            name: "quit", aliases: ["exit", "bye"], portugueseNames: ["sair", "tchau"], scopes: [.user], arguments: [.rest("REASON", optional: true)],
            summary: "help.quit", handler: quit),
        LanguageCommand.spec,
    ]

    static func nick(_ state: inout ChatState, _ invocation: Invocation) throws(CommandError) {
        let client = try state.caller(invocation)
        let nick: Nick
        do throws(NameError) {
            nick = try Nick(invocation.required(0), mayTakeStaffNames: client.role == .moderator)
        } catch {
            throw CommandError(error.message)
        }
        if nick.name == client.nick.name {
            throw CommandError(.alreadyNick, ["nick": "\(nick)"])
        }
        if let owner = state.nickOwners[nick.key], owner != client.id {
            throw CommandError(.nickTaken, ["nick": "\(nick)"])
        }
        if state.bans.ban(onNickKey: nick.key, at: invocation.now) != nil {
            throw CommandError(.nickBanned, ["nick": "\(nick)"])
        }
        state.rename(client.id, to: nick)
    }

    static func list(_ state: inout ChatState, _ invocation: Invocation) throws(CommandError) {
        let client = try state.caller(invocation)
        guard let room = state.rooms[client.room.key] else { return }
        let names = room.members.compactMap { state.clients[$0]?.listedName }
        state.reply(
            client.id,
            .notice(.roomMembers, ["room": "\(room.name)", "count": .count(names.count), "names": "\(names.joined(separator: " "))"]))
    }


    static func join(_ state: inout ChatState, _ invocation: Invocation) throws(CommandError) {
        let client = try state.caller(invocation)
        let room = try state.roomName(invocation.required(0))
        if room == client.room {
            throw CommandError(.alreadyInRoom, ["room": "\(client.room)"])
        }
        state.move(client.id, to: room)
    }

    static func part(_ state: inout ChatState, _ invocation: Invocation) throws(CommandError) {
        let client = try state.caller(invocation)
        if client.room == .lobby {
            throw CommandError(.alreadyInLobby)
        }
        state.move(client.id, to: .lobby)
    }

    static func msg(_ state: inout ChatState, _ invocation: Invocation) throws(CommandError) {
        let client = try state.caller(invocation)
        let name = invocation.required(0)
        let target = try state.target(name)
        if target.id == client.id {
            throw CommandError(.cannotMessageYourself)
        }
        if let refusal = state.privacy.refusal(from: client, to: target) {
            throw CommandError(refusal)
        }
        try state.checkNotMuted(client, at: invocation.now)
        let text = TextSanitizer.clean(invocation.required(1))
        guard !text.isEmpty else { throw .usage(Message(.missingArgument, ["argument": "TEXT"]), invocation.spec, scope: invocation.scope) }
        state.clients[client.id]?.messagesSent += 1
        state.recordPrivate(from: client, to: target, text: text)
        // Both with the same id: an IRC sender's echo is the very message its recipient got.
        let tags = state.nextLineTags()
        state.reply(target.id, ChatState.tagged(.privateMessage(from: client.nick.name, text: text), tags))
        state.reply(client.id, ChatState.tagged(.privateEcho(to: target.nick.name, text: text), tags))
    }

    static func me(_ state: inout ChatState, _ invocation: Invocation) throws(CommandError) {
        let client = try state.caller(invocation)
        let text = TextSanitizer.clean(invocation.required(0))
        guard !text.isEmpty else { throw .usage(Message(.missingArgument, ["argument": "ACTION"]), invocation.spec, scope: invocation.scope) }
        try state.checkMayspeakInRoom(client, at: invocation.now)
        state.clients[client.id]?.messagesSent += 1
        state.tellRoom(
            of: client.id, .action(from: client.nick.name, text: text, room: client.room.name), echo: client.echoesOwnMessages)
    }

    static func topic(_ state: inout ChatState, _ invocation: Invocation) throws(CommandError) {
        let client = try state.caller(invocation)
        guard let text = invocation.optional(0).map({ TextSanitizer.clean($0) }), !text.isEmpty else {
            if let topic = state.rooms[client.room.key]?.topic {
                state.reply(
                    client.id,
                    .notice(
                        .topicOf,
                        [
                            "room": "\(client.room)", "topic": "\(topic.text)", "nick": "\(topic.setBy)",
                            "age": .duration(invocation.now.timeIntervalSince(topic.setAt)),
                        ]))
            } else {
                state.reply(client.id, .notice(.noTopic, ["room": "\(client.room)"]))
            }
            return
        }
        if client.role < .moderator, let room = state.rooms[client.room.key], room.name == .lobby || room.isQuiet {
            throw CommandError(.topicNeedsModerator, ["room": "\(room.name)"])
        }
        if text.count > ChatState.maxTopicLength {
            throw CommandError(.topicTooLong, ["max": .count(ChatState.maxTopicLength)])
        }
        state.rooms[client.room.key]?.topic = Room.Topic(text: text, setBy: client.nick.name, setAt: invocation.now)
        state.settingsChanged(client.room)
        state.tellEveryone(
            in: client.room, .notice(.topicSet, ["nick": "\(client.nick)", "room": "\(client.room)", "topic": "\(text)"]))
    }

    static func who(_ state: inout ChatState, _ invocation: Invocation) throws(CommandError) {
        let client = try state.caller(invocation)
        let name = invocation.required(0)
        let target = try state.target(name)
        let now = invocation.now
        let role: MessageID = target.role == .moderator ? .whoRoleModerator : (target.isVoiced ? .whoRoleVoiced : .whoRoleNone)
        var arguments: [String: MessageValue] = [
            "nick": "\(target.nick)", "room": "\(target.room)", "role": .message(Message(role)),
            "address": "\(target.address)", "since": .timestamp(target.connectedAt),
            "connected": .duration(now.timeIntervalSince(target.connectedAt)),
            "idle": .duration(now.timeIntervalSince(target.lastActiveAt)),
        ]
        // In a cluster, the node the client is on.
        let node = state.nodeName(of: target.id)
        if let node { arguments["node"] = "\(node)" }
        state.reply(client.id, .notice(node == nil ? .whoIs : .whoIsOnNode, arguments))
    }

    static func quit(_ state: inout ChatState, _ invocation: Invocation) throws(CommandError) {
        let client = try state.caller(invocation)
        var reason = Message(.reasonQuit)
        if let given = invocation.optional(0).map({ TextSanitizer.clean($0) }), !given.isEmpty {
            reason = Message(.reasonQuitBecause, ["reason": "\(given.prefix(ChatState.maxReasonLength))"])
        }
        state.leave(client.id, reason: .message(reason), goodbye: Message(.goodbyeNick, ["nick": "\(client.nick)"]))
    }
}

extension String {
    /// The string followed by spaces up to `width` characters, for aligned columns.
    func padding(to width: Int) -> String {
        self.count >= width ? self : self + String(repeating: " ", count: width - self.count)
    }
}
