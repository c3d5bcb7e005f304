import Foundation

/// One line the server sends. Each kind has a stable prefix that clients colour and tests match.
public enum ServerLine: Equatable, Sendable {
    /// `<nick> text`, said in `room` (which text doors do not show: a client is in one room).
    case chat(from: String, text: String, room: String)
    /// `* nick text`, in `room`.
    case action(from: String, text: String, room: String)
    /// `*nick* text`, as the recipient sees a private message.
    case privateMessage(from: String, text: String)
    /// `-> *nick* text`, as the sender sees their own private message.
    case privateEcho(to: String, text: String)
    /// `-!- text`
    case notice(String)
    /// `-!- error: text`
    case error(String)
    /// `[10:42] <ana> bom dia`: a line from before the client joined, with its local time.
    indirect case replay(time: String, line: ServerLine, at: Date? = nil)
    /// For the web client's views only (members, settings, hands): no text at all.
    case update(RoomUpdate)
    /// For one IRC client only: a reply IRC has a form for (a numeric), as it is sent.
    case irc(IRCMessage)
    /// `[#42] <ana> bom dia`: a chat line with its number, for a moderator with `/ids on` (and a
    /// client that asked for `/numbering on`).
    indirect case numbered(Int, ServerLine)
    /// A chat line carrying its number as data only: the web page reads it (to strike the line
    /// out should it be removed); text doors and IRC show `line` as it is.
    indirect case withNumber(Int, ServerLine)
    /// A line for text doors and IRC only: the web page draws the same from an update of its
    /// own (a poll's bars), so its door is sent nothing.
    indirect case textOnly(ServerLine)
    /// A chat line with what IRC clients that took `message-tags` are sent with it: its id and
    /// the client-only tags its sender attached. Every other reader is sent `line` as it is.
    indirect case tagged(ServerLine, LineTags)
    /// IRC's TAGMSG: client-only tags without text (a typing notice, a reaction), from `from` to
    /// `target` (a room, or the nick it was sent to); only `message-tags` readers get it.
    case tagMessage(from: String, target: String)

    /// Whether text doors are sent this line (all but updates).
    public var isText: Bool {
        switch self {
        case .update, .irc, .tagMessage: return false
        case .tagged(let line, _), .numbered(_, let line), .withNumber(_, let line), .textOnly(let line):
            return line.isText
        default: return true
        }
    }

    /// Whether the web door is sent this line.
    public var isForWeb: Bool {
        switch self {
        case .irc, .tagMessage, .textOnly: return false
        case .tagged(let line, _), .numbered(_, let line), .withNumber(_, let line): return line.isForWeb
        default: return true
        }
    }

    /// The line without its terminator.
    public var rendered: String {
        switch self {
        case .chat(let from, let text, _): return "<\(from)> \(text)"
        case .action(let from, let text, _): return "* \(from) \(text)"
        case .privateMessage(let from, let text): return "*\(from)* \(text)"
        case .privateEcho(let to, let text): return "-> *\(to)* \(text)"
        case .notice(let text): return "-!- \(text)"
        case .error(let text): return "-!- error: \(text)"
        case .replay(let time, let line, _): return "[\(time)] \(line.rendered)"
        case .tagged(let line, _), .withNumber(_, let line), .textOnly(let line): return line.rendered
        case .numbered(let number, let line): return "[#\(number)] \(line.rendered)"
        case .update, .irc, .tagMessage: return ""
        }
    }
}

/// What a chat line carries for IRC's `message-tags` readers (as Ergo's message cache does, they
/// are sent every tag: `time` too).
public struct LineTags: Equatable, Sendable {
    /// The line's `msgid`: the same for every reader and for the sender's echo.
    public let messageID: String
    /// The sender's client-only tags (`+typing=active`), as it sent them.
    public let clientTags: [IRCTag]

    public init(messageID: String, clientTags: [IRCTag] = []) {
        self.messageID = messageID
        self.clientTags = clientTags
    }

    /// As tags on an IRC message: the sender's own, then `msgid`.
    public var ircTags: [IRCTag] {
        self.clientTags + [IRCTag(key: "msgid", value: self.messageID)]
    }
}
