import Foundation

/// A line as the browser door sends it: one JSON object per event, with a `kind` and its
/// fields, so that the page shows it (and styles it) without parsing the English text.
///
/// ```json
/// {"kind":"chat","nick":"ana","text":"bom dia","time":"2026-12-05T14:03:00Z"}
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
    }

    public var kind: Kind
    /// Who said it (chat, action), or the other side of a private message.
    public var nick: String?
    public var text: String
    /// A private message you sent yourself, to `nick`.
    public var echo: Bool?
    /// Replayed from before you joined the room.
    public var history: Bool?
    /// When the server sent it (ISO 8601, UTC); absent from history.
    public var time: String?
    /// A replayed line's local time of day as recorded (`10:42`).
    public var clock: String?

    public init(
        kind: Kind, nick: String? = nil, text: String, echo: Bool? = nil, history: Bool? = nil, time: String? = nil,
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
        switch line {
        case .chat(let from, let text): self.init(kind: .chat, nick: from, text: text)
        case .action(let from, let text): self.init(kind: .action, nick: from, text: text)
        case .privateMessage(let from, let text): self.init(kind: .private, nick: from, text: text)
        case .privateEcho(let to, let text): self.init(kind: .private, nick: to, text: text, echo: true)
        case .notice(let text): self.init(kind: .notice, text: text)
        case .error(let text): self.init(kind: .error, text: text)
        case .replay(let clock, let line):
            self.init(line, at: time)
            self.history = true
            self.time = nil
            self.clock = clock
            return
        }
        self.time = time.formatted(Self.timeStyle)
    }

    private static let timeStyle = Date.ISO8601FormatStyle()
    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return encoder
    }()

    /// The event as the UTF-8 JSON text of one WebSocket message.
    public func json() -> [UInt8] {
        // Only strings, booleans and an enum: encoding cannot fail.
        Array((try? Self.encoder.encode(self)) ?? Data())
    }
}
