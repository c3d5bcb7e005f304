import PapoCore

/// A line from the server, classified by its stable prefix so the client can colour it and
/// follow what happens to it.
public struct ReceivedLine: Equatable, Sendable {
    public enum Kind: Equatable, Sendable {
        /// `<nick> text`
        case chat(nick: String)
        /// `* nick text`
        case action(nick: String)
        /// `*nick* text`
        case privateMessage(nick: String)
        /// `-> *nick* text`
        case privateEcho(nick: String)
        /// `-!- text`
        case notice
        /// `-!- error: text`
        case error
        /// The user's own message, shown locally as `<nick> text`.
        case own
        /// A line a moderator removed, shown again to be struck out.
        case removed
        /// Anything else the server sent.
        case other
    }

    public let text: String
    public let kind: Kind

    public init(text: String, kind: Kind) {
        self.text = text
        self.kind = kind
    }

    /// Classifies a raw line, with control characters removed first: whatever the server
    /// sends, it cannot repaint the user's terminal.
    public init(server raw: String) {
        let text = TextSanitizer.clean(raw)
        self.text = text
        self.kind = Self.classify(text)
    }

    static func classify(_ text: String) -> Kind {
        if text.hasPrefix("-!- error: ") { return .error }
        if text.hasPrefix("-!- ") { return .notice }
        if text.hasPrefix("-> *"), let end = text.dropFirst(4).firstIndex(of: "*") {
            return .privateEcho(nick: String(text[text.index(text.startIndex, offsetBy: 4)..<end]))
        }
        if text.hasPrefix("<"), let end = text.firstIndex(of: ">") {
            return .chat(nick: String(text[text.index(after: text.startIndex)..<end]))
        }
        if text.hasPrefix("* ") {
            let rest = text.dropFirst(2)
            return .action(nick: String(rest.prefix { $0 != " " }))
        }
        if text.hasPrefix("*"), let end = text.dropFirst().firstIndex(of: "*") {
            return .privateMessage(nick: String(text[text.index(after: text.startIndex)..<end]))
        }
        return .other
    }

    /// The notice's text without `-!- `.
    var noticeText: Substring? {
        self.kind == .notice ? self.text.dropFirst(4) : nil
    }
}
