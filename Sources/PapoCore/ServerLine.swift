/// One line the server sends. Each kind has a stable prefix that clients colour and tests match.
public enum ServerLine: Equatable, Sendable {
    /// `<nick> text`
    case chat(from: String, text: String)
    /// `* nick text`
    case action(from: String, text: String)
    /// `*nick* text`, as the recipient sees a private message.
    case privateMessage(from: String, text: String)
    /// `-> *nick* text`, as the sender sees their own private message.
    case privateEcho(to: String, text: String)
    /// `-!- text`
    case notice(String)
    /// `-!- error: text`
    case error(String)
    /// `[10:42] <ana> bom dia`: a line from before the client joined, with its local time.
    indirect case replay(time: String, line: ServerLine)
    /// For the web client's views only (members, settings, hands): no text at all.
    case update(RoomUpdate)

    /// Whether text doors are sent this line (all but updates).
    public var isText: Bool {
        if case .update = self { return false }
        return true
    }

    /// The line without its terminator.
    public var rendered: String {
        switch self {
        case .chat(let from, let text): return "<\(from)> \(text)"
        case .action(let from, let text): return "* \(from) \(text)"
        case .privateMessage(let from, let text): return "*\(from)* \(text)"
        case .privateEcho(let to, let text): return "-> *\(to)* \(text)"
        case .notice(let text): return "-!- \(text)"
        case .error(let text): return "-!- error: \(text)"
        case .replay(let time, let line): return "[\(time)] \(line.rendered)"
        case .update: return ""
        }
    }
}
