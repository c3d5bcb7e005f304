import Foundation

/// Something the chat decided must outlive the process. The core only says what to keep; a
/// store (PapoStore) writes it, in batches, away from the event loops and the chat lock.
public enum StoreRecord: Sendable, Equatable {
    /// A line said or shown in a room (or a private message, with `--store-private`).
    case transcript(TranscriptLine)
    /// Someone joined or left a room, or changed nick in it (for `attendance`).
    case presence(PresenceEvent)
    /// The whole ban list after a change: small, so it is stored whole.
    case bans(BanList)
    /// Every moderator grant made with `/op`, after a change.
    case opGrants([OpGrant])
    /// A room's settings after a change; they outlive the room's members.
    case roomSettings(RoomSettings)
    /// A moderation action.
    case audit(AuditEntry)
    /// One of the server's own settings (the private-message policy), by key.
    case serverSetting(key: String, value: String)
    /// A line a moderator removed: its row keeps a tombstone instead of its text.
    case removal(LineRemoval)
    /// A room's whole history removed (`/clear`): its rows give way to this one tombstone.
    case clearing(TranscriptLine)
}

/// `/delete N`: line `number` of the room `roomKey` becomes `tombstone` (kind `removed`).
public struct LineRemoval: Sendable, Equatable {
    public var number: Int
    public var roomKey: String
    public var tombstone: String

    public init(number: Int, roomKey: String, tombstone: String) {
        self.number = number
        self.roomKey = roomKey
        self.tombstone = tombstone
    }
}

/// What a transcript row says happened.
public enum TranscriptKind: String, Sendable, CaseIterable, Codable {
    case chat
    case action
    case notice
    case `private`
    /// A question put on the room's list (`/ask`): `#N text`, without a nick if anonymous.
    case question
    /// What is left of a line a moderator removed (`/delete`): who removed it, when, why.
    case removed
}

/// One transcript row: a line of a room with its time and speaker.
public struct TranscriptLine: Sendable, Equatable, Codable {
    public var time: Date
    /// The room as spelled when it was created (`#Math`).
    public var room: String
    /// The room's comparison key (`#math`).
    public var roomKey: String
    /// Who said it; nil for the server's notices.
    public var nick: String?
    public var kind: TranscriptKind
    public var text: String
    /// The connection that said it, for counting messages in `attendance`.
    public var client: ClientID?
    /// A chat or action line's number (`/delete N` takes it); nil for other lines.
    public var number: Int?

    public init(
        time: Date, room: String, roomKey: String, nick: String?, kind: TranscriptKind, text: String,
        client: ClientID? = nil, number: Int? = nil
    ) {
        self.number = number
        self.time = time
        self.room = room
        self.roomKey = roomKey
        self.nick = nick
        self.kind = kind
        self.text = text
        self.client = client
    }

    /// The line as a client saw it: `<ana> bom dia`, `* ana waves`, `-!- …`, `*ana* to bob: …`.
    public var serverLine: ServerLine {
        switch self.kind {
        case .chat: return .chat(from: self.nick ?? "?", text: self.text, room: self.room)
        case .action: return .action(from: self.nick ?? "?", text: self.text, room: self.room)
        case .notice: return .notice(self.text)
        case .removed: return .notice(self.text)
        case .question: return .notice(Message(.transcriptQuestion, ["nick": "\(self.nick ?? "anonymous")", "text": "\(self.text)"]).rendered(in: .english))
        case .private: return .privateMessage(from: self.nick ?? "?", text: self.text)
        }
    }
}

/// A client entering, leaving or renaming itself in a room.
public struct PresenceEvent: Sendable, Equatable {
    public enum Kind: String, Sendable {
        case join
        case leave
        /// The client took another nick while in the room (`nick` is the new one).
        case rename
    }

    public var time: Date
    public var client: ClientID
    public var room: String
    public var roomKey: String
    public var nick: String
    public var address: String
    public var kind: Kind

    public init(
        time: Date, client: ClientID, room: String, roomKey: String, nick: String, address: String, kind: Kind
    ) {
        self.time = time
        self.client = client
        self.room = room
        self.roomKey = roomKey
        self.nick = nick
        self.address = address
        self.kind = kind
    }
}

/// A moderator grant made with `/op`: whoever takes `nick` again from `address` is a
/// moderator again. Nicks are not registered, so the address must match too.
public struct OpGrant: Sendable, Equatable, Codable {
    public var nickKey: String
    public var nick: String
    public var address: String
    public var by: String
    public var at: Date

    public init(nickKey: String, nick: String, address: String, by: String, at: Date) {
        self.nickKey = nickKey
        self.nick = nick
        self.address = address
        self.by = by
        self.at = at
    }
}

/// What a room keeps when nobody is in it: topic, quiet and slow mode.
public struct RoomSettings: Sendable, Equatable, Codable {
    public var room: String
    public var roomKey: String
    public var topic: Room.Topic?
    public var isQuiet: Bool
    public var slowSeconds: Int

    public init(room: String, roomKey: String, topic: Room.Topic?, isQuiet: Bool, slowSeconds: Int) {
        self.room = room
        self.roomKey = roomKey
        self.topic = topic
        self.isQuiet = isQuiet
        self.slowSeconds = slowSeconds
    }

    /// Settings that say nothing need not be kept.
    public var isDefault: Bool { self.topic == nil && !self.isQuiet && self.slowSeconds == 0 }
}

/// What papod reads back from its store at startup.
public struct StoredState: Sendable, Equatable {
    public var bans: BanList
    public var opGrants: [OpGrant]
    public var roomSettings: [RoomSettings]
    /// The most recent chat and action lines of each room, oldest first, for join-time replay.
    public var recentLines: [TranscriptLine]
    /// The most recent moderation actions, oldest first.
    public var audit: [AuditEntry]
    /// The server's own settings by key (`privacy`).
    public var serverSettings: [String: String]
    /// The highest line number in the transcript: numbering goes on from it.
    public var lastLineNumber: Int

    public init(
        bans: BanList = BanList(), opGrants: [OpGrant] = [], roomSettings: [RoomSettings] = [],
        recentLines: [TranscriptLine] = [], audit: [AuditEntry] = [], serverSettings: [String: String] = [:],
        lastLineNumber: Int = 0
    ) {
        self.lastLineNumber = lastLineNumber
        self.serverSettings = serverSettings
        self.bans = bans
        self.opGrants = opGrants
        self.roomSettings = roomSettings
        self.recentLines = recentLines
        self.audit = audit
    }
}
