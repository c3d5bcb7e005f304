/// ANSI colours for received lines: one per line kind, and a stable colour per nick.
public struct LineColorizer: Sendable {
    public let isEnabled: Bool

    public init(isEnabled: Bool) {
        self.isEnabled = isEnabled
    }

    /// Colours for nicks; red is kept for errors.
    static let nickPalette = ["32", "33", "34", "35", "36", "92", "93", "94", "95", "96"]

    /// The same nick gets the same colour in every session: FNV-1a of its lower-cased bytes.
    public static func colour(forNick nick: String) -> String {
        var hash: UInt32 = 2_166_136_261
        for byte in nick.lowercased().utf8 {
            hash ^= UInt32(byte)
            hash = hash &* 16_777_619
        }
        return Self.nickPalette[Int(hash % UInt32(Self.nickPalette.count))]
    }

    public func render(_ line: ReceivedLine) -> String {
        guard self.isEnabled else { return line.text }
        switch line.kind {
        case .chat(let nick):
            return self.paint(nick: nick, in: line.text, prefix: "<", suffix: ">")
        case .action(let nick):
            let rest = line.text.dropFirst(2 + nick.count)
            return Self.wrap("*", "3") + " " + Self.wrap(nick, Self.colour(forNick: nick)) + Self.wrap(String(rest), "3")
        case .privateMessage, .privateEcho:
            return Self.wrap(line.text, "35;1")
        case .notice:
            return Self.wrap(line.text, "2")
        case .error:
            return Self.wrap(line.text, "31")
        case .own:
            return Self.wrap(line.text, "1")
        case .removed:
            // Struck out and faint (SGR 9 and 2); papo asks for numbers only when colours are on.
            return Self.wrap(line.text, "9;2")
        case .other:
            return line.text
        }
    }

    private func paint(nick: String, in text: String, prefix: String, suffix: String) -> String {
        let head = prefix + nick + suffix
        guard text.hasPrefix(head) else { return text }
        return prefix + Self.wrap(nick, Self.colour(forNick: nick)) + suffix + text.dropFirst(head.count)
    }

    static func wrap(_ text: String, _ code: String) -> String {
        "\u{1B}[\(code)m\(text)\u{1B}[0m"
    }
}

