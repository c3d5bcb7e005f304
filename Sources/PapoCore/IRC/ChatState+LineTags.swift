import Foundation

/// Message ids and client-only tags on chat lines, for IRC clients that took `message-tags`.
/// While none is connected, lines are left as they are and no id is used up.
extension ChatState {
    /// Tags for the next chat line: a new id, and the client-only tags of the IRC message being
    /// handled; nil while no client reads tags.
    mutating func nextLineTags() -> LineTags? {
        guard self.messageTagsReaders > 0 else { return nil }
        return LineTags(messageID: self.nextMessageID(), clientTags: self.ircSenderTags)
    }

    /// A new `msgid`, unique across restarts.
    private mutating func nextMessageID() -> String {
        self.lastMessageNumber += 1
        return self.messageIDPrefix + String(self.lastMessageNumber, radix: 36)
    }

    /// A room's chat line or action with its tags, if any client reads them. Its id is its
    /// number as `/ids on` shows it (`#42`): an IRC client holds the id that `/delete` takes.
    mutating func taggedForIRC(_ line: ServerLine, number: Int) -> ServerLine {
        guard self.messageTagsReaders > 0 else { return line }
        switch line {
        case .chat, .action: return .tagged(line, LineTags(messageID: "#\(number)", clientTags: self.ircSenderTags))
        default: return line
        }
    }

    static func tagged(_ line: ServerLine, _ tags: LineTags?) -> ServerLine {
        tags.map { .tagged(line, $0) } ?? line
    }

    /// The tags `line` carries for `message-tags` readers (besides `time`), if any.
    public static func ircTags(of line: ServerLine) -> [IRCTag]? {
        switch line {
        case .tagged(_, let tags): return tags.ircTags
        case .numbered(_, let inner), .withNumber(_, let inner): return Self.ircTags(of: inner)
        default: return nil
        }
    }

    /// TAGMSG: client-only tags without text, to the client's room or to a nick, for the
    /// recipients that read tags (and back to the sender with echo-message). Tags are no chat:
    /// a quiet room or a mute drops them without a word, and slow mode does not count them.
    mutating func ircSendTags(_ tags: [IRCTag], to target: String, from client: ClientRecord, at now: Date) {
        let clientTags = tags.filter(\.isClientOnly)
        guard !clientTags.isEmpty, (try? self.checkNotMuted(client, at: now)) != nil else { return }
        let recipients: [ClientID]
        let shownTarget: String
        if target.hasPrefix("#") {
            guard self.ircIsCurrentRoom(target, of: client), let room = self.rooms[client.room.key] else {
                return self.ircReply(client.id, .cannotSendToChannel, [target, "Cannot send to channel"])
            }
            if Self.isHushed(client, in: room) { return }
            recipients = room.members(except: client.id)
            shownTarget = room.name.name
        } else {
            guard let recipient = self.client(named: target) else {
                return self.ircReply(client.id, .noSuchNick, [target, "No such nick/channel"])
            }
            // The private-message policy holds for tags too: they are a channel of their own.
            let mayMessage = self.privacy.refusal(from: client, to: recipient) == nil
            recipients = recipient.id == client.id || !mayMessage ? [] : [recipient.id]
            shownTarget = recipient.nick.name
        }
        let readers = recipients.filter { self.clients[$0]?.ircCapabilities.contains(.messageTags) == true }
        let echo = client.echoesOwnMessages && client.ircCapabilities.contains(.messageTags)
        guard !readers.isEmpty || echo else { return }
        let lineTags = LineTags(messageID: self.nextMessageID(), clientTags: clientTags)
        let line = ServerLine.tagged(.tagMessage(from: client.nick.name, target: shownTarget), lineTags)
        if !readers.isEmpty { self.pending.append(.deliver(line, to: readers)) }
        if echo { self.pending.append(.deliver(line, to: [client.id])) }
    }
}
