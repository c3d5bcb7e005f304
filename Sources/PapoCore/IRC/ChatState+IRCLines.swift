import Foundation

/// The chat's lines as IRC clients are sent them: room chat as PRIVMSG from `nick!user@host`,
/// room views as JOIN, PART, QUIT, NICK and MODE, notices as NOTICE. Encoded once per line
/// for all its IRC recipients (the transport asks only when one is among them).
extension ChatState {
    /// `line` for its IRC recipients among `recipients`; empty when IRC shows nothing of it.
    public func ircMessages(for line: ServerLine, to recipients: [ClientID]) -> [IRCMessage] {
        self.ircMessages(for: line, to: recipients, server: self.serverName)
    }

    /// When a line was said, for server-time: a replayed line's own time, else nil (now).
    public static func ircTime(of line: ServerLine) -> Date? {
        if case .replay(_, _, let at) = line { return at }
        return nil
    }

    private func ircMessages(for line: ServerLine, to recipients: [ClientID], server: String) -> [IRCMessage] {
        // A line to one client names it; a notice to a whole room goes to the room's window.
        let single = recipients.count == 1 ? self.clients[recipients[0]] : nil
        switch line {
        case .chat(let from, let text, let room):
            return Self.ircSplit(command: "PRIVMSG", source: self.ircMask(of: from), target: room, text: text)
        case .action(let from, let text, let room):
            return Self.ircSplit(command: "PRIVMSG", source: self.ircMask(of: from), target: room, text: text, ctcp: "ACTION")
        case .privateMessage(let from, let text):
            guard let single else { return [] }
            return Self.ircSplit(command: "PRIVMSG", source: self.ircMask(of: from), target: single.nick.name, text: text)
        case .privateEcho(let to, let text):
            // Without echo-message, IRC clients show what they sent themselves.
            guard let single, single.echoesOwnMessages else { return [] }
            return Self.ircSplit(command: "PRIVMSG", source: self.ircMask(of: single.nick.name), target: to, text: text)
        case .notice(let text):
            return Self.ircSplit(command: "NOTICE", source: server, target: self.ircNoticeTarget(single, recipients), text: text)
        case .error(let text):
            return Self.ircSplit(
                command: "NOTICE", source: server, target: self.ircNoticeTarget(single, recipients), text: "error: \(text)")
        case .replay(let time, let inner, _):
            guard inner.isText else { return [] }
            if let single, single.ircCapabilities.contains(.batch) {
                // In the history batch, as the messages were said (server-time adds when).
                let tag = IRCTag(key: "batch", value: IRCMessage.historyBatchID)
                return self.ircMessages(for: inner, to: recipients).map { message in
                    var tagged = message
                    tagged.tags.append(tag)
                    return tagged
                }
            }
            // History as notices in the room's window, each with its time.
            return Self.ircSplit(
                command: "NOTICE", source: server, target: single?.room.name ?? self.ircNoticeTarget(single, recipients),
                text: "[\(time)] \(inner.rendered)")
        case .update(let update):
            return self.ircMessages(for: update, to: single)
        case .irc(let message):
            return [message]
        case .withNumber(_, let inner), .textOnly(let inner):
            return self.ircMessages(for: inner, to: recipients, server: server)
        case .tagged(let inner, _):
            // Its tags are added to the form for message-tags readers (`ircTags(of:)`).
            return self.ircMessages(for: inner, to: recipients, server: server)
        case .numbered(let number, let inner):
            // The number before the text, as text doors show it, before the text is cut to 512 bytes.
            return self.ircMessages(for: Self.numberedText(number, inner), to: recipients, server: server)
        case .tagMessage(let from, let target):
            return [IRCMessage(command: "TAGMSG", parameters: [target], source: self.ircMask(of: from))]
        }
    }

    /// A chat line or action with `[#N] ` before its text.
    static func numberedText(_ number: Int, _ line: ServerLine) -> ServerLine {
        switch line {
        case .chat(let from, let text, let room): return .chat(from: from, text: "[#\(number)] \(text)", room: room)
        case .action(let from, let text, let room): return .action(from: from, text: "[#\(number)] \(text)", room: room)
        case .tagged(let inner, let tags): return .tagged(Self.numberedText(number, inner), tags)
        default: return line
        }
    }

    private func ircNoticeTarget(_ single: ClientRecord?, _ recipients: [ClientID]) -> String {
        if let single { return single.nick.name }
        guard let first = recipients.first else { return "*" }
        // A client told why it is leaving is gone from the chat by the time the line is encoded.
        if recipients.count == 1, let nick = self.departedNicks[first] { return nick }
        guard let room = self.clients[first]?.room else { return "*" }
        return room.name
    }

    private func ircMessages(for update: RoomUpdate, to single: ClientRecord?) -> [IRCMessage] {
        let server = self.serverName
        switch update {
        case .entered(let view):
            var lines: [IRCMessage] = []
            let mask = self.ircMask(of: view.you)
            if let previous = view.previousRoom {
                let reason = Message(.ircMovedRooms, ["room": "\(view.room)"]).rendered(in: self.ircLanguage(single))
                lines.append(IRCMessage(command: "PART", parameters: [previous, reason], source: mask))
            }
            lines.append(IRCMessage(command: "JOIN", parameters: [view.room], source: mask))
            if let topic = view.settings.topic {
                lines.append(IRCMessage.numeric(.topic, server: server, target: view.you, [view.room, topic]))
            }
            let names = view.members.map { Self.ircPrefix(of: $0.standing) + $0.nick }
            return lines + Self.ircNamesReplies(room: view.room, names: names, server: server, to: view.you)
        case .joined(let room, let member):
            var lines = [IRCMessage(command: "JOIN", parameters: [room], source: self.ircMask(of: member.nick))]
            if member.standing != .student {
                let mode = member.standing == .moderator ? "+o" : "+v"
                lines.append(IRCMessage(command: "MODE", parameters: [room, mode, member.nick], source: server))
            }
            return lines
        case .left(let room, let nick, let quit, let reason, let kickedBy):
            if let kickedBy {
                return [
                    IRCMessage(
                        command: "KICK", parameters: [room, nick, reason ?? kickedBy], source: self.ircMask(of: kickedBy))
                ]
            }
            let mask = self.ircMask(of: nick)
            guard quit else { return [IRCMessage(command: "PART", parameters: [room], source: mask)] }
            return [IRCMessage(command: "QUIT", parameters: [reason ?? "Quit"], source: mask)]
        case .renamed(_, let old, let new):
            let mask = self.ircMask(of: new, shownAs: old)
            return [IRCMessage(command: "NICK", parameters: [new], source: mask)]
        case .changed(let room, let member):
            // The standing before is not known: the modes that do not hold are taken away.
            let nick = member.nick
            switch member.standing {
            case .moderator: return [IRCMessage(command: "MODE", parameters: [room, "+o", nick], source: server)]
            case .voiced: return [IRCMessage(command: "MODE", parameters: [room, "-o+v", nick, nick], source: server)]
            case .student: return [IRCMessage(command: "MODE", parameters: [room, "-ov", nick, nick], source: server)]
            }
        case .settings, .hands, .breakout, .rooms, .language, .removed, .cleared, .poll:
            // Said in the notices that come with them.
            return []
        }
    }

    /// A room's settings changed: TOPIC from whoever set it, MODE for quiet (`m`) and slow (`S`).
    func ircSettingChanges(in room: Room, from previous: RoomView.Settings, to settings: RoomView.Settings) -> [IRCMessage] {
        var messages: [IRCMessage] = []
        let name = room.name.name
        if settings.topic != previous.topic {
            let source = room.topic.map { self.ircMask(of: $0.setBy) } ?? self.serverName
            messages.append(IRCMessage(command: "TOPIC", parameters: [name, settings.topic ?? ""], source: source))
        }
        if settings.isQuiet != previous.isQuiet {
            messages.append(IRCMessage(command: "MODE", parameters: [name, settings.isQuiet ? "+m" : "-m"], source: self.serverName))
        }
        if settings.slowSeconds != previous.slowSeconds {
            let change = settings.slowSeconds > 0 ? [name, "+S", "\(settings.slowSeconds)"] : [name, "-S"]
            messages.append(IRCMessage(command: "MODE", parameters: change, source: self.serverName))
        }
        return messages
    }

    /// What MODE #room answers: `+m`, `+S 30`, `+mS 30` or `+`.
    static func ircModeString(of room: Room) -> [String] {
        let letters = (room.isQuiet ? "m" : "") + (room.slowSeconds > 0 ? "S" : "")
        return ["+" + letters] + (room.slowSeconds > 0 ? ["\(room.slowSeconds)"] : [])
    }

    private func ircLanguage(_ single: ClientRecord?) -> Language {
        single?.language ?? self.configuration.language
    }

    // MARK: Masks

    /// `nick!user@host` of the client named `nick`; `shownAs` replaces the nick (NICK's old one).
    func ircMask(of nick: String, shownAs shown: String? = nil) -> String {
        guard let client = self.client(named: nick) else { return "\(shown ?? nick)!~u@\(Self.ircGoneHost)" }
        // Built by appending, not interpolation: every IRC line from a client starts with it.
        let host = self.ircHost(of: client)
        var mask = shown ?? client.nick.name
        mask.reserveCapacity(mask.utf8.count + 4 + host.utf8.count)
        mask += "!"
        mask += self.ircUser(of: client)
        mask += "@"
        mask += host
        return mask
    }

    public func ircUserAndHost(of client: ClientRecord) -> String {
        "\(self.ircUser(of: client))@\(self.ircHost(of: client))"
    }

    /// The same for a client from `address` before the chat knows it.
    public func ircUserAndHost(address: String) -> String {
        "~u@\(self.ircCloak(of: address))"
    }

    /// Every user is `~u`, as on Ergo: USER's name is nobody's identity (no ident server
    /// vouches for it), and keeping it would cost every idle client's record.
    func ircUser(of client: ClientRecord) -> String {
        "~u"
    }

    /// A cloak instead of the address: the same for one address during a run, telling nothing
    /// of the address without the run's secret.
    func ircHost(of client: ClientRecord) -> String {
        self.ircCloak(of: client.address)
    }

    public func ircCloak(of address: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325 ^ self.ircCloakSecret
        for byte in address.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }
        // Eight hex digits and the suffix, written in place: a small string, no allocation
        // (the cloak is in the source of every IRC line).
        let value = UInt32(truncatingIfNeeded: hash >> 32)
        let suffix = Self.ircCloakSuffix.utf8
        return String(unsafeUninitializedCapacity: 9 + suffix.count) { buffer in
            for position in 0..<8 {
                let digit = UInt8((value >> UInt32(28 - 4 * position)) & 0xF)
                buffer[position] = digit < 10 ? UInt8(ascii: "0") + digit : UInt8(ascii: "a") + digit - 10
            }
            buffer[8] = UInt8(ascii: ".")
            _ = buffer[9...].initialize(from: suffix)
            return 9 + suffix.count
        }
    }

    static let ircCloakSuffix = "papo"
    /// The host of a client gone by the time its line is encoded (a QUIT).
    static let ircGoneHost = "gone.papo"

    // MARK: Splitting

    /// `command` to `target` with `text`, in as many messages as 512 bytes need, cut between
    /// characters; `ctcp` wraps each piece (`\u{1}ACTION …\u{1}`).
    static func ircSplit(command: String, source: String, target: String, text: String, ctcp: String? = nil) -> [IRCMessage] {
        let wrapping = ctcp.map { $0.utf8.count + 3 } ?? 0
        // `:source COMMAND target :text\r\n`
        let budget = max(64, 512 - (source.utf8.count + command.utf8.count + target.utf8.count + 7 + wrapping))
        let wrap = { (piece: Substring) -> String in ctcp.map { "\u{1}\($0) \(piece)\u{1}" } ?? String(piece) }
        guard text.utf8.count > budget else {
            return [IRCMessage(command: command, parameters: [target, wrap(text[...])], source: source)]
        }
        var messages: [IRCMessage] = []
        let bytes = Array(text.utf8)
        var start = 0
        while start < bytes.count {
            var end = min(start + budget, bytes.count)
            // Back to the start of a character's bytes (never inside a UTF-8 sequence).
            while end < bytes.count && end > start && bytes[end] & 0xC0 == 0x80 { end -= 1 }
            let piece = String(decoding: bytes[start..<end], as: UTF8.self)
            messages.append(IRCMessage(command: command, parameters: [target, wrap(piece[...])], source: source))
            start = end
        }
        return messages
    }
}
