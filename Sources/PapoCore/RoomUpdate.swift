import Foundation

/// A change to what a web client shows beside the chat: its room's members, settings and
/// raised hands. Text doors get none of these: the notices say the same in words.
public enum RoomUpdate: Equatable, Sendable {
    /// You are now in `room` (on connecting and on every move): everything about it at once.
    case entered(RoomView)
    /// Someone came into your room.
    case joined(room: String, member: RoomMember)
    /// Someone left your room: for another room, or the server (`quit`, with its `reason` in
    /// the server's language), or was kicked or banned (`kickedBy`: whom by).
    case left(room: String, nick: String, quit: Bool = false, reason: String? = nil, kickedBy: String? = nil)
    /// Someone in your room (you too) changed nick.
    case renamed(room: String, old: String, new: String)
    /// Someone in your room became a moderator, stopped being one, or got or lost a voice.
    case changed(room: String, member: RoomMember)
    /// Your room's topic, quiet mode or slow mode changed.
    case settings(room: String, RoomView.Settings)
    /// The raised hands in your room, first first (moderators only).
    case hands(room: String, nicks: [String])
    /// A breakout began (your room is one of its rooms, or the one it split) or ended (nil).
    case breakout(room: String, BreakoutView?)
    /// Every room, in reply to `/rooms`.
    case rooms([RoomSummary])
    /// The language papod now speaks to you (`/lang`), as a tag: `en`, `pt-BR`.
    case language(String)
    /// A moderator removed line `number` of your room (`/delete`): the page strikes it out.
    case removed(room: String, number: Int)
    /// A moderator cleared your room's history (`/clear`): the page empties its log.
    case cleared(room: String)
    /// A poll's tally, for the page to draw as bars: at its close to the room, and on `/poll`.
    case poll(room: String, PollTally)
}

/// A poll's question and each option with its votes, as the page draws them.
public struct PollTally: Equatable, Sendable {
    public var question: String
    public var options: [String]
    /// Votes per option, in the options' order.
    public var votes: [Int]
    public var isClosed: Bool

    public init(question: String, options: [String], votes: [Int], isClosed: Bool) {
        self.question = question
        self.options = options
        self.votes = votes
        self.isClosed = isClosed
    }
}

/// A room as the room list shows it.
public struct RoomSummary: Equatable, Sendable {
    public var name: String
    public var members: Int
    public var topic: String?

    public init(name: String, members: Int, topic: String?) {
        self.name = name
        self.members = members
        self.topic = topic
    }
}

/// A running breakout as its rooms show it: a countdown when it has an end.
public struct BreakoutView: Equatable, Sendable {
    public var rooms: [String]
    /// Nil: open-ended, until gathered.
    public var endsAt: Date?

    public init(rooms: [String], endsAt: Date?) {
        self.rooms = rooms
        self.endsAt = endsAt
    }
}

/// A room as a web client shows it.
public struct RoomView: Equatable, Sendable {
    public var room: String
    /// The nick of the client it is sent to, so the page knows which member it is.
    public var you: String
    public var settings: RoomView.Settings
    /// In join order.
    public var members: [RoomMember]
    /// The running breakout, if this room is one of its rooms or the one it split.
    public var breakout: BreakoutView?
    /// The room the client was in before this one (a move), which IRC clients are told it
    /// parted; nil on connecting.
    public var previousRoom: String?

    public init(
        room: String, you: String, settings: RoomView.Settings, members: [RoomMember], breakout: BreakoutView? = nil,
        previousRoom: String? = nil
    ) {
        self.room = room
        self.you = you
        self.settings = settings
        self.members = members
        self.breakout = breakout
        self.previousRoom = previousRoom
    }

    /// What a room's members see of its settings.
    public struct Settings: Equatable, Sendable, Codable {
        public var topic: String?
        public var isQuiet: Bool
        /// Seconds between a student's messages; 0 is off.
        public var slowSeconds: Int

        public init(topic: String?, isQuiet: Bool, slowSeconds: Int) {
            self.topic = topic
            self.isQuiet = isQuiet
            self.slowSeconds = slowSeconds
        }
    }
}

public struct RoomMember: Equatable, Sendable, Codable {
    public enum Standing: String, Equatable, Sendable, Codable {
        case moderator
        /// May speak in a quiet room.
        case voiced
        case student
    }

    public var nick: String
    public var standing: Standing

    enum CodingKeys: String, CodingKey {
        case nick
        case standing = "role"
    }

    public init(nick: String, standing: Standing) {
        self.nick = nick
        self.standing = standing
    }
}
