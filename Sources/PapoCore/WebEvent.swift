import Foundation

/// A line as the browser door sends it: one JSON object per event, with a `kind` and its
/// fields, so that the page shows it (and styles it) without parsing the English text.
///
/// ```json
/// {"kind":"chat","nick":"ana","text":"bom dia","number":42,"time":"2026-12-05T14:03:00Z"}
/// {"kind":"removed","number":42,"room":"#lobby"}
/// {"kind":"poll","room":"#lobby","question":"TCP?","options":[{"text":"sim","votes":3}],"closed":true}
/// {"kind":"private","nick":"bia","text":"oi","echo":true,"time":"2026-12-05T14:03:01Z"}
/// {"kind":"chat","nick":"ana","text":"earlier","history":true,"clock":"10:42"}
/// ```
public struct WebEvent: Codable, Equatable, Sendable {
    public enum Kind: String, Codable, Sendable {
        /// A room's line: `nick` said `text`.
        case chat
        /// `/me`: `nick` `text`.
        case action
        /// A private message: from `nick`, or (`echo`) your own to `nick`.
        case `private`
        /// What the server says: joins, leaves, moderation, replies to commands.
        case notice
        /// A refusal or a mistake, in reply to what you sent.
        case error
        /// You (`nick`) are now in `room`: its `members`, `topic`, `quiet` and `slow`, all at once.
        case room
        /// `member` came into your room.
        case join
        /// `nick` left your room.
        case leave
        /// `old` is now known as `nick` (you too, when it is yours).
        case nick
        /// `member`'s standing changed (moderator, voiced, student).
        case member
        /// Your room's `topic`, `quiet` or `slow` changed.
        case settings
        /// The raised hands in your room, first first (`hands`; moderators only).
        case hands
        /// A breakout began (`breakouts`, and `ends` if it has an end) or ended (neither).
        case breakout
        /// Every room (`rooms`: name, members, topic), in reply to `/rooms`.
        case rooms
        /// papod now speaks `language` (`en`, `pt-BR`) to you; the page follows it.
        case language
        /// Line `number` of `room` was removed by a moderator: the page strikes it out.
        case removed
        /// `room`'s history was cleared: the page empties its log.
        case cleared
        /// A poll's `question` and `options` with their votes, drawn as bars; `closed` at its end.
        case poll
    }

    public var kind: Kind
    /// Who said it (chat, action), or the other side of a private message.
    public var nick: String?
    public var text: String?
    /// A private message you sent yourself, to `nick`.
    public var echo: Bool?
    /// A chat or action line's number (`/delete N` takes it; `removed` names it).
    public var number: Int?
    /// Replayed from before you joined the room.
    public var history: Bool?
    /// When the server sent it (ISO 8601, UTC); absent from history.
    public var time: String?
    /// A replayed line's local time of day as recorded (`10:42`).
    public var clock: String?
    /// The room a view event is about.
    public var room: String?
    /// A nick's former spelling (`nick`).
    public var old: String?
    /// Who came, or whose standing changed (`join`, `member`).
    public var member: RoomMember?
    /// Everyone in the room, in join order (`room`).
    public var members: [RoomMember]?
    public var topic: String?
    /// Only moderators and voiced users may speak.
    public var quiet: Bool?
    /// Seconds between a student's messages; 0 is off.
    public var slow: Int?
    public var hands: [String]?
    /// The running breakout's rooms (`room`, `breakout`).
    public var breakouts: [String]?
    /// When the running breakout ends (ISO 8601, UTC).
    public var ends: String?
    public var rooms: [Summary]?
    /// A language tag (`language`).
    public var language: String?
    /// A poll's question, options with their votes, and whether it is over (`poll`).
    public var question: String?
    public var options: [PollOption]?
    public var closed: Bool?

    /// A poll's option and its votes.
    public struct PollOption: Codable, Equatable, Sendable {
        public var text: String
        public var votes: Int

        public init(text: String, votes: Int) {
            self.text = text
            self.votes = votes
        }
    }

    /// A room in the room list.
    public struct Summary: Codable, Equatable, Sendable {
        public var name: String
        public var members: Int
        public var topic: String?
    }

    public init(
        kind: Kind, nick: String? = nil, text: String? = nil, echo: Bool? = nil, history: Bool? = nil, time: String? = nil,
        clock: String? = nil
    ) {
        self.kind = kind
        self.nick = nick
        self.text = text
        self.echo = echo
        self.history = history
        self.time = time
        self.clock = clock
    }

    /// `line` as sent at `time` (a replayed line keeps the time it was recorded at instead).
    public init(_ line: ServerLine, at time: Date) {
        self.init(line, time: Self.timeText(time))
    }

    /// `time` as events carry it: ISO 8601 in UTC, to the second.
    public static func timeText(_ time: Date) -> String {
        time.formatted(Self.timeStyle)
    }

    /// `line` as sent at `time`, already written as `timeText` writes it (once for every line
    /// of a batch).
    public init(_ line: ServerLine, time: String) {
        switch line {
        case .chat(let from, let text, _): self.init(kind: .chat, nick: from, text: text)
        case .action(let from, let text, _): self.init(kind: .action, nick: from, text: text)
        case .privateMessage(let from, let text): self.init(kind: .private, nick: from, text: text)
        case .privateEcho(let to, let text): self.init(kind: .private, nick: to, text: text, echo: true)
        case .notice(let text): self.init(kind: .notice, text: text)
        case .error(let text): self.init(kind: .error, text: text)
        case .replay(let clock, let line, _):
            self.init(line, time: time)
            self.history = true
            self.time = nil
            self.clock = clock
            return
        case .update(let update):
            self.init(update)
        case .tagged(let line, _):
            self.init(line, time: time)
            return
        case .numbered(let number, let line), .withNumber(let number, let line):
            self.init(line, time: time)
            self.number = number
            return
        case .irc, .tagMessage, .textOnly:
            // Never sent to a browser: the server encodes no frame for it.
            self.init(kind: .notice)
        }
        self.time = time
    }

    private init(_ update: RoomUpdate) {
        switch update {
        case .entered(let view):
            self.init(kind: .room, nick: view.you)
            self.room = view.room
            self.members = view.members
            self.setting(view.settings)
            self.showing(view.breakout)
        case .joined(let room, let member):
            self.init(kind: .join)
            (self.room, self.member) = (room, member)
        case .left(let room, let nick, _, _, _):
            self.init(kind: .leave, nick: nick)
            self.room = room
        case .renamed(let room, let old, let new):
            self.init(kind: .nick, nick: new)
            (self.room, self.old) = (room, old)
        case .changed(let room, let member):
            self.init(kind: .member)
            (self.room, self.member) = (room, member)
        case .settings(let room, let settings):
            self.init(kind: .settings)
            self.room = room
            self.setting(settings)
        case .hands(let room, let nicks):
            self.init(kind: .hands)
            (self.room, self.hands) = (room, nicks)
        case .breakout(let room, let breakout):
            self.init(kind: .breakout)
            self.room = room
            self.showing(breakout)
        case .rooms(let summaries):
            self.init(kind: .rooms)
            self.rooms = summaries.map { Summary(name: $0.name, members: $0.members, topic: $0.topic) }
        case .language(let tag):
            self.init(kind: .language)
            self.language = tag
        case .removed(let room, let number):
            self.init(kind: .removed)
            (self.room, self.number) = (room, number)
        case .cleared(let room):
            self.init(kind: .cleared)
            self.room = room
        case .poll(let room, let tally):
            self.init(kind: .poll)
            self.room = room
            self.question = tally.question
            self.options = zip(tally.options, tally.votes).map { PollOption(text: $0, votes: $1) }
            self.closed = tally.isClosed
        }
    }

    private mutating func showing(_ breakout: BreakoutView?) {
        guard let breakout else { return }
        self.breakouts = breakout.rooms
        self.ends = breakout.endsAt.map(Self.timeText)
    }

    private mutating func setting(_ settings: RoomView.Settings) {
        self.topic = settings.topic
        self.quiet = settings.isQuiet
        self.slow = settings.slowSeconds
    }

    private static let timeStyle = Date.ISO8601FormatStyle()
}
