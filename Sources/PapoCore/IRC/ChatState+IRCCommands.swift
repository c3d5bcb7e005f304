import Foundation

/// A registered IRC client's commands, mapped onto Papo's: what IRC has a command for goes to
/// the same command handlers the slash commands reach (so the same rules and the same
/// moderation apply), queries are answered from the state with the numerics clients expect,
/// and everything else goes to the service user `papo` (`/msg papo hand`).
extension ChatState {
    mutating func receiveIRC(_ message: IRCMessage, from id: ClientID, at now: Date) {
        guard let client = self.clients[id] else { return }
        // Flood control counts every command but PING (queries too: a WHO costs papod more
        // than a line of chat), as it counts every line on the other doors.
        // QUIT too: a flooding client that asks to leave is let go politely.
        guard message.command == "PING" || message.command == "QUIT" || self.admitsLine(from: id, at: now) else { return }
        let parameters = message.parameters
        switch message.command {
        case "PRIVMSG", "NOTICE":
            guard let target = parameters.first, !target.isEmpty else {
                return self.ircReply(id, .noRecipient, ["No recipient given (\(message.command))"])
            }
            guard parameters.count >= 2, !parameters[1].isEmpty else {
                return self.ircReply(id, .noTextToSend, ["No text to send"])
            }
            // The lines this message makes carry its client-only tags (message-tags).
            self.ircSenderTags = message.tags.filter(\.isClientOnly)
            defer { self.ircSenderTags = [] }
            self.ircSend(parameters[1], to: target, from: client, at: now)
        case "TAGMSG":
            guard let target = parameters.first, !target.isEmpty else {
                return self.ircReply(id, .noRecipient, ["No recipient given (TAGMSG)"])
            }
            self.ircSendTags(message.tags, to: target, from: client, at: now)
        case "JOIN":
            guard let targets = parameters.first else { return self.ircNeedMoreParameters(id, message) }
            // One room at a time (CHANLIMIT=#:1): of a list, the last is where the client ends up.
            guard let target = targets.split(separator: ",").last.map(String.init) else { return }
            if target == "0" {
                self.ircRun("part", from: id, at: now)
            } else if let room = try? RoomName(target), room.key == client.room.key {
                // Already there (a client rejoining its channels on connect): nothing to do.
                return
            } else {
                self.ircRun("join \(target)", from: id, at: now)
            }
        case "PART":
            guard let target = parameters.first else { return self.ircNeedMoreParameters(id, message) }
            guard self.ircIsCurrentRoom(target, of: client) else {
                return self.ircReply(id, .notOnChannel, [target, "You're not on that channel"])
            }
            self.ircRun("part", from: id, at: now)
        case "TOPIC":
            guard let target = parameters.first else { return self.ircNeedMoreParameters(id, message) }
            guard self.ircIsCurrentRoom(target, of: client) else {
                return self.ircReply(id, .notOnChannel, [target, "You're not on that channel"])
            }
            if parameters.count >= 2 {
                self.ircRun("topic \(parameters[1])", from: id, at: now)
            } else {
                self.ircReplyTopic(to: client)
            }
        case "NAMES":
            self.ircNames(parameters.first, to: client)
        case "WHO":
            self.ircWho(parameters.first ?? "*", to: client)
        case "WHOIS":
            guard let target = parameters.last else { return self.ircReply(id, .noNicknameGiven, ["No nickname given"]) }
            self.ircWhois(target, to: client, at: now)
        case "LIST":
            self.ircList(to: client)
        case "MODE":
            guard let target = parameters.first else { return self.ircNeedMoreParameters(id, message) }
            self.ircMode(target, Array(parameters.dropFirst()), from: client, at: now)
        case "KICK":
            guard parameters.count >= 2 else { return self.ircNeedMoreParameters(id, message) }
            guard self.ircIsCurrentRoom(parameters[0], of: client) else {
                return self.ircReply(id, .notOnChannel, [parameters[0], "You're not on that channel"])
            }
            guard client.role == .moderator else {
                return self.ircReply(id, .channelOperatorPrivilegesNeeded, [parameters[0], "You're not channel operator"])
            }
            guard let target = self.client(named: parameters[1]) else {
                return self.ircReply(id, .noSuchNick, [parameters[1], "No such nick/channel"])
            }
            guard target.room.key == client.room.key else {
                return self.ircReply(id, .userNotInChannel, [target.nick.name, parameters[0], "They aren't on that channel"])
            }
            let reason = parameters.count >= 3 ? " \(parameters[2])" : ""
            self.ircRun("kick \(parameters[1])\(reason)", from: id, at: now)
        case "REDACT":
            // draft/message-redaction: a moderator removes a line of their room by its msgid.
            guard parameters.count >= 2 else { return self.ircNeedMoreParameters(id, message) }
            guard self.ircIsCurrentRoom(parameters[0], of: client) else {
                return self.ircFail(id, "REDACT", "INVALID_TARGET", [parameters[0]], "You can only redact in your own room")
            }
            guard parameters[1].hasPrefix("#"), Int(parameters[1].dropFirst()) != nil else {
                return self.ircFail(id, "REDACT", "UNKNOWN_MSGID", [parameters[0], parameters[1]], "No such message")
            }
            let reason = parameters.count >= 3 ? " \(parameters[2])" : ""
            self.ircRun("delete \(parameters[1])\(reason)", from: id, at: now)
        case "NICK":
            guard let nick = parameters.first, !nick.isEmpty else {
                return self.ircReply(id, .noNicknameGiven, ["No nickname given"])
            }
            self.ircRun("nick \(nick)", from: id, at: now)
        case "QUIT":
            self.ircRun(parameters.first.map { "quit \($0)" } ?? "quit", from: id, at: now)
        case "AWAY":
            let text = parameters.first.map { TextSanitizer.clean($0) } ?? ""
            self.awayMessages[id] = text.isEmpty ? nil : String(text.prefix(200))
            if text.isEmpty {
                self.ircReply(id, .unaway, ["You are no longer marked as being away"])
            } else {
                self.ircReply(id, .nowAway, ["You have been marked as being away"])
            }
        case "ISON":
            let present = parameters.flatMap { $0.split(separator: " ") }.compactMap { self.client(named: String($0))?.nick.name }
            self.ircReply(id, .isOn, [present.joined(separator: " ")])
        case "USERHOST":
            let replies = parameters.prefix(5).compactMap { self.client(named: $0) }.map { found in
                "\(found.nick.name)\(found.role == .moderator ? "*" : "")=\(self.awayMessages[found.id] == nil ? "+" : "-")\(self.ircUser(of: found))@\(self.ircHost(of: found, shownTo: client))"
            }
            self.ircReply(id, .userHost, [replies.joined(separator: " ")])
        case "OPER":
            guard parameters.count >= 2 else { return self.ircNeedMoreParameters(id, message) }
            self.ircRun("login \(parameters[1])", from: id, at: now)
        case "MOTD":
            for line in self.ircServerInfo(at: now).motd(nick: client.nick.name) { self.ircDeliver(line, to: id) }
        case "LUSERS":
            let counts = self.ircUserCounts(on: id.node)
            for line in self.ircServerInfo(at: now).lusers(nick: client.nick.name, users: counts) {
                self.ircDeliver(line, to: id)
            }
        case "VERSION":
            self.ircReply(id, .version, [self.configuration.version, self.serverName, "Papo chat server"])
        case "TIME":
            self.ircReply(id, .time, [self.serverName, now.formatted(.iso8601)])
        case "PING":
            // Answered in order with everything else the client is sent.
            guard let token = parameters.first, !token.isEmpty else { return self.ircNeedMoreParameters(id, message) }
            self.ircDeliver(IRCMessage(command: "PONG", parameters: [self.serverName, token], source: self.serverName), to: id)
        case "USER", "PASS":
            self.ircReply(id, .alreadyRegistered, ["You may not reregister"])
        default:
            self.ircReply(id, .unknownCommand, [message.command, Message(.ircUnknownCommand, ["command": "\(message.command)"]).rendered(in: self.language(of: id))])
        }
    }

    /// LUSERS' counts, for a client of `node`; `arriving`: a client being welcomed that the
    /// chat may not know yet (a cluster's node welcomes before the log brings it back).
    public func ircUserCounts(on node: NodeNumber, arriving: ClientID? = nil) -> IRCUserCounts {
        var counts = IRCUserCounts(
            users: self.clients.count, moderators: 0, rooms: 0, localUsers: 0, servers: max(1, self.clusterNodes.count))
        for (id, client) in self.clients {
            if client.role == .moderator { counts.moderators += 1 }
            if id.node == node { counts.localUsers += 1 }
        }
        if let arriving, self.clients[arriving] == nil {
            counts.users += 1
            counts.localUsers += 1
        }
        counts.rooms = self.rooms.values.count { !$0.members.isEmpty }
        return counts
    }

    /// What the IRC door tells a client about the server.
    public func ircServerInfo(at now: Date) -> IRCServerInfo {
        IRCServerInfo(
            name: self.serverName, version: self.configuration.version, startedAt: self.configuration.startedAt,
            language: self.configuration.language)
    }

    // MARK: Messages

    /// PRIVMSG and NOTICE: to the client's room, to a nick, or to the service user.
    private mutating func ircSend(_ text: String, to target: String, from client: ClientRecord, at now: Date) {
        let action = Self.ctcpAction(in: text)
        if target.hasPrefix("#") {
            guard self.ircIsCurrentRoom(target, of: client) else {
                let problem = Message(.ircNotInRoom, ["room": "\(client.room)", "target": "\(target)"])
                return self.ircReply(client.id, .cannotSendToChannel, [target, problem.rendered(in: self.language(of: client.id))])
            }
            if let action {
                self.execute("me \(action)"[...], actor: .client(client.id), scope: .user, at: now)
            } else if !Self.isCTCP(text) {
                self.say(text[...], from: client.id, at: now)
            }
        } else if IdentifierKey.make(target) == IRCServerInfo.serviceNick {
            let line = text.hasPrefix("/") ? String(text.dropFirst()) : text
            self.ircRun(line.isEmpty ? "help" : line, from: client.id, at: now)
        } else {
            guard let recipient = self.client(named: target) else {
                return self.ircReply(client.id, .noSuchNick, [target, "No such nick/channel"])
            }
            if let message = self.awayMessages[recipient.id] {
                self.ircReply(client.id, .away, [recipient.nick.name, message])
            }
            if let action {
                self.ircRun("msg \(target) * \(client.nick) \(action)", from: client.id, at: now)
            } else if !Self.isCTCP(text) {
                self.ircRun("msg \(target) \(text)", from: client.id, at: now)
            }
        }
    }

    /// `\u{1}ACTION waves\u{1}` → `waves`.
    static func ctcpAction(in text: String) -> String? {
        guard text.hasPrefix("\u{1}ACTION ") else { return nil }
        var action = text.dropFirst("\u{1}ACTION ".count)
        if action.hasSuffix("\u{1}") { action = action.dropLast() }
        return String(action)
    }

    /// Other CTCP requests (VERSION, PING) are not chat: nobody is shown them.
    static func isCTCP(_ text: String) -> Bool {
        text.hasPrefix("\u{1}")
    }

    // MARK: Queries

    private mutating func ircReplyTopic(to client: ClientRecord) {
        let room = self.rooms[client.room.key]
        if let topic = room?.topic {
            self.ircReply(client.id, .topic, [client.room.name, topic.text])
        } else {
            self.ircReply(client.id, .noTopic, [client.room.name, "No topic is set"])
        }
    }

    /// NAMES: the members of the client's room; other rooms are not listed from outside.
    private mutating func ircNames(_ target: String?, to client: ClientRecord) {
        let roomName = target?.split(separator: ",").first.map(String.init) ?? client.room.name
        if self.ircIsCurrentRoom(roomName, of: client), let room = self.rooms[client.room.key] {
            for line in self.ircNamesReplies(for: room, to: client.nick.name) { self.ircDeliver(line, to: client.id) }
        } else {
            self.ircReply(client.id, .endOfNames, [roomName, "End of /NAMES list."])
        }
    }

    /// 353 lines (as many as 512 bytes need) and 366.
    func ircNamesReplies(for room: Room, to nick: String) -> [IRCMessage] {
        let names = room.members.compactMap { self.member($0) }.map { Self.ircPrefix(of: $0.standing) + $0.nick }
        return Self.ircNamesReplies(room: room.name.name, names: names, server: self.serverName, to: nick)
    }

    static func ircNamesReplies(room: String, names: [String], server: String, to nick: String) -> [IRCMessage] {
        var lines: [IRCMessage] = []
        // The fixed part of a 353 line, and room for the names in 512 bytes.
        let budget = 510 - (server.utf8.count + nick.utf8.count + room.utf8.count + 12)
        var current = ""
        for name in names {
            if !current.isEmpty && current.utf8.count + 1 + name.utf8.count > budget {
                lines.append(IRCMessage.numeric(.namesReply, server: server, target: nick, ["=", room, current]))
                current = ""
            }
            current += current.isEmpty ? name : " " + name
        }
        if !current.isEmpty {
            lines.append(IRCMessage.numeric(.namesReply, server: server, target: nick, ["=", room, current]))
        }
        lines.append(IRCMessage.numeric(.endOfNames, server: server, target: nick, [room, "End of /NAMES list."]))
        return lines
    }

    static func ircPrefix(of standing: RoomMember.Standing) -> String {
        switch standing {
        case .moderator: return "@"
        case .voiced: return "+"
        case .student: return ""
        }
    }

    /// WHO #room (its members) or WHO nick.
    private mutating func ircWho(_ mask: String, to client: ClientRecord) {
        var found: [ClientRecord] = []
        if mask.hasPrefix("#") {
            if self.ircIsCurrentRoom(mask, of: client), let room = self.rooms[client.room.key] {
                found = room.members.compactMap { self.clients[$0] }
            }
        } else if let one = self.client(named: mask) {
            found = [one]
        }
        for member in found {
            let flags = (self.awayMessages[member.id] == nil ? "H" : "G") + Self.ircPrefix(of: self.member(member.id)?.standing ?? .student)
            self.ircReply(
                client.id, .whoReply,
                [member.room.name, self.ircUser(of: member), self.ircHost(of: member, shownTo: client), self.serverName, member.nick.name, flags, "0 \(member.nick.name)"])
        }
        self.ircReply(client.id, .endOfWho, [mask, "End of /WHO list."])
    }

    private mutating func ircWhois(_ target: String, to client: ClientRecord, at now: Date) {
        guard let found = self.client(named: target) else {
            self.ircReply(client.id, .noSuchNick, [target, "No such nick"])
            self.ircReply(client.id, .endOfWhois, [target, "End of /WHOIS list."])
            return
        }
        let nick = found.nick.name
        self.ircReply(client.id, .whoisUser, [nick, self.ircUser(of: found), self.ircHost(of: found, shownTo: client), "*", nick])
        let prefix = Self.ircPrefix(of: self.member(found.id)?.standing ?? .student)
        self.ircReply(client.id, .whoisChannels, [nick, prefix + found.room.name])
        self.ircReply(client.id, .whoisServer, [nick, self.serverName, "Papo"])
        if let away = self.awayMessages[found.id] { self.ircReply(client.id, .away, [nick, away]) }
        if found.role == .moderator { self.ircReply(client.id, .whoisOperator, [nick, "is a moderator"]) }
        let idle = max(0, Int(now.timeIntervalSince(found.lastActiveAt)))
        let signon = Int(found.connectedAt.timeIntervalSince1970)
        self.ircReply(client.id, .whoisIdle, [nick, "\(idle)", "\(signon)", "seconds idle, signon time"])
        self.ircReply(client.id, .endOfWhois, [nick, "End of /WHOIS list."])
    }

    private mutating func ircList(to client: ClientRecord) {
        self.ircReply(client.id, .listStart, ["Channel", "Users  Name"])
        for room in self.rooms.values.sorted(by: { $0.name.key < $1.name.key }) where !room.members.isEmpty {
            self.ircReply(client.id, .list, [room.name.name, "\(room.members.count)", room.topic?.text ?? ""])
        }
        self.ircReply(client.id, .listEnd, ["End of /LIST"])
    }

    // MARK: Modes

    /// MODE on a room (query, ban list, or changes mapped to the moderation commands) or on
    /// the client itself (papod keeps no user modes).
    private mutating func ircMode(_ target: String, _ arguments: [String], from client: ClientRecord, at now: Date) {
        guard target.hasPrefix("#") else {
            guard IdentifierKey.make(target) == client.nick.key else {
                return self.ircReply(client.id, .usersDontMatch, ["Can't change mode for other users"])
            }
            if arguments.isEmpty { return self.ircReply(client.id, .userModeIs, ["+i"]) }
            // papod keeps no user modes: +i and -i, which clients send on connecting, change
            // nothing, and are taken without a word; anything else is unknown.
            if !arguments[0].allSatisfy({ "+-i".contains($0) }) {
                self.ircReply(client.id, .userModeUnknownFlag, ["Unknown MODE flag"])
            }
            return
        }
        guard self.ircIsCurrentRoom(target, of: client), let room = self.rooms[client.room.key] else {
            return self.ircReply(client.id, .notOnChannel, [target, "You're not on that channel"])
        }
        guard let changes = arguments.first else {
            self.ircReply(client.id, .channelModeIs, [room.name.name] + Self.ircModeString(of: room))
            return
        }
        if changes == "b" || changes == "+b" && arguments.count == 1 {
            return self.ircBanList(for: room.name.name, to: client, at: now)
        }
        if let unknown = changes.first(where: { !"+-bmovS".contains($0) }) {
            let problem = Message(.ircUnknownMode, ["mode": "\(unknown)"])
            return self.ircReply(client.id, .unknownMode, [String(unknown), problem.rendered(in: self.language(of: client.id))])
        }
        guard client.role == .moderator else {
            return self.ircReply(client.id, .channelOperatorPrivilegesNeeded, [room.name.name, "You're not channel operator"])
        }
        var adding = true
        var values = arguments.dropFirst()[...]
        for mode in changes {
            switch mode {
            case "+": adding = true
            case "-": adding = false
            case "m": self.ircRun("quiet \(adding ? "on" : "off")", from: client.id, at: now)
            case "S":
                // Slow mode: +S SECONDS, -S.
                guard adding else {
                    self.ircRun("slow 0", from: client.id, at: now)
                    continue
                }
                guard let seconds = values.popFirst() else {
                    self.ircReply(client.id, .needMoreParams, ["MODE", "+S needs the seconds between messages"])
                    continue
                }
                self.ircRun("slow \(seconds)", from: client.id, at: now)
            case "o", "v", "b":
                guard let value = values.popFirst() else {
                    if mode == "b" { self.ircBanList(for: room.name.name, to: client, at: now) }
                    continue
                }
                switch (mode, adding) {
                case ("o", true): self.ircRun("op \(value)", from: client.id, at: now)
                case ("o", false): self.ircRun("deop \(value)", from: client.id, at: now)
                case ("v", true): self.ircRun("voice \(value)", from: client.id, at: now)
                case ("v", false): self.ircRun("devoice \(value)", from: client.id, at: now)
                default:
                    guard let banTarget = Self.banTarget(ofMask: value) else {
                        let problem = Message(.ircUnknownMode, ["mode": "+b \(value)"])
                        self.ircReply(client.id, .unknownMode, ["b", problem.rendered(in: self.language(of: client.id))])
                        continue
                    }
                    // `nick!*@*` names the nick alone: its holder's address is not banned with it.
                    let nickOnly = adding && AddressBlock(banTarget) == nil ? " --nick-only" : ""
                    self.ircRun("\(adding ? "ban" : "unban") \(banTarget)\(nickOnly)", from: client.id, at: now)
                }
            default:
                let problem = Message(.ircUnknownMode, ["mode": "\(mode)"])
                self.ircReply(client.id, .unknownMode, [String(mode), problem.rendered(in: self.language(of: client.id))])
            }
        }
    }

    /// The bans, to moderators only (as `/bans`: they name addresses); others see an empty list.
    private mutating func ircBanList(for room: String, to client: ClientRecord, at now: Date) {
        for ban in client.role == .moderator ? self.bans.active(at: now) : [] {
            self.ircReply(
                client.id, .banList, [room, Self.banMask(of: ban.target), ban.by, "\(Int(ban.at.timeIntervalSince1970))"])
        }
        self.ircReply(client.id, .endOfBanList, [room, "End of channel ban list"])
    }

    /// A papod ban as an IRC mask: a nick as `nick!*@*`, an address or network as `*!*@…`.
    static func banMask(of target: BanList.Target) -> String {
        let text = target.description
        return text.contains(".") || text.contains(":") ? "*!*@\(text)" : "\(text)!*@*"
    }

    /// What `/ban` takes for an IRC mask: the nick of `nick!*@*`, the address of `*!*@1.2.3.4`
    /// (or a CIDR network); nil for a mask with wildcards elsewhere, which papod cannot match.
    static func banTarget(ofMask mask: String) -> String? {
        guard let bang = mask.firstIndex(of: "!") else {
            return mask.contains("*") || mask.contains("?") ? nil : mask
        }
        let nick = mask[..<bang]
        let host = mask[mask.index(after: bang)...].split(separator: "@", maxSplits: 1).last.map(String.init) ?? "*"
        let user = mask[mask.index(after: bang)...].split(separator: "@", maxSplits: 1).first.map(String.init) ?? "*"
        let isWild = { (part: String) in part.contains("*") || part.contains("?") }
        if !isWild(String(nick)) && host == "*" && (user == "*" || user.isEmpty) { return String(nick) }
        if nick == "*" && !isWild(host) && (user == "*" || user.isEmpty) { return host }
        return nil
    }

    // MARK: Helpers

    /// Where `target` connects from, as `viewer` may see it: a moderator (who bans by address)
    /// sees the address in WHO, WHOIS and USERHOST, and in messages' sources
    /// (`ircRevealingAddresses`); everyone else the cloak.
    func ircHost(of target: ClientRecord, shownTo viewer: ClientRecord) -> String {
        guard viewer.role == .moderator else { return self.ircHost(of: target) }
        return Self.ircAddressHost(target.address)
    }

    /// An address as an IRC host: none may begin with `:` (IPv6 `::1` would read as a
    /// trailing parameter).
    static func ircAddressHost(_ address: String) -> String {
        address.hasPrefix(":") ? "0" + address : address
    }

    /// Runs a Papo command for an IRC client (flood control has counted its message).
    private mutating func ircRun(_ line: String, from id: ClientID, at now: Date) {
        self.execute(line[...], actor: .client(id), scope: .user, at: now)
    }

    func ircIsCurrentRoom(_ target: String, of client: ClientRecord) -> Bool {
        guard let room = try? RoomName(target) else { return false }
        return room.key == client.room.key
    }

    private mutating func ircNeedMoreParameters(_ id: ClientID, _ message: IRCMessage) {
        self.ircReply(id, .needMoreParams, [message.command, "Not enough parameters"])
    }

    /// A numeric to `id`, in order with everything else it is sent.
    mutating func ircReply(_ id: ClientID, _ numeric: IRCNumeric, _ parameters: [String]) {
        guard let nick = self.clients[id]?.nick.name else { return }
        self.ircDeliver(IRCMessage.numeric(numeric, server: self.serverName, target: nick, parameters), to: id)
    }

    /// IRCv3's standard reply `FAIL COMMAND CODE [CONTEXT…] :text`.
    mutating func ircFail(_ id: ClientID, _ command: String, _ code: String, _ context: [String], _ text: String) {
        self.ircDeliver(
            IRCMessage(command: "FAIL", parameters: [command, code] + context + [text], source: self.serverName), to: id)
    }

    mutating func ircDeliver(_ message: IRCMessage, to id: ClientID) {
        self.pending.append(.deliver(.irc(message), to: [id]))
    }
}
