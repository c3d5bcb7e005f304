extension IRCMessage {
    /// The message as one line, without CR LF. The last parameter gets its `:` when it needs one,
    /// and always when it is text (a message, a reason, a numeric's last word), as servers
    /// write it and older clients expect; a CR, LF or NUL inside a parameter becomes a space, so
    /// one message stays one line.
    public var serialized: String {
        var line = ""
        line.reserveCapacity(self.estimatedLength)
        if !self.tags.isEmpty {
            line += "@"
            for (position, tag) in self.tags.enumerated() {
                if position > 0 { line += ";" }
                line += tag.key
                if let value = tag.value {
                    line += "="
                    IRCTag.appendEscaped(value, to: &line)
                }
            }
            line += " "
        }
        if let source = self.source {
            assert(!source.isEmpty && !source.utf8.contains(UInt8(ascii: " ")), "invalid IRC source \(source)")
            line += ":"
            line += source
            line += " "
        }
        line += self.command
        let textPosition = self.hasTextLast ? self.parameters.count - 1 : -1
        for (position, parameter) in self.parameters.enumerated() {
            line += " "
            if position == textPosition || Self.needsColon(parameter) {
                // Only the last parameter can hold spaces or be empty: the door chose badly.
                assert(position == self.parameters.count - 1, "IRC middle parameter needs a colon: \(parameter)")
                line += ":"
            }
            Self.appendOneLine(parameter, to: &line)
        }
        return line
    }

    /// Whether the last parameter is text: of a numeric with more than its target, or of a
    /// command whose last parameter is a message or a reason.
    private var hasTextLast: Bool {
        guard let first = self.command.utf8.first else { return false }
        if first >= UInt8(ascii: "0") && first <= UInt8(ascii: "9") { return self.parameters.count >= 2 }
        switch self.command {
        case "PRIVMSG", "NOTICE", "TOPIC", "PONG": return self.parameters.count >= 2
        case "PART": return self.parameters.count >= 2
        case "KICK", "CAP": return self.parameters.count >= 3
        case "QUIT", "ERROR", "AWAY", "PING": return self.parameters.count >= 1
        default: return false
        }
    }

    /// Empty, holding a space (or what becomes one), or starting with `:`: a parameter only a
    /// trailing one can carry.
    static func needsColon(_ parameter: String) -> Bool {
        guard let first = parameter.utf8.first else { return true }
        return first == UInt8(ascii: ":")
            || parameter.utf8.contains { $0 == UInt8(ascii: " ") || Self.isLineBreaking($0) }
    }

    private static func isLineBreaking(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "\r") || byte == UInt8(ascii: "\n") || byte == 0
    }

    private static func appendOneLine(_ parameter: String, to line: inout String) {
        guard parameter.utf8.contains(where: Self.isLineBreaking) else {
            line += parameter
            return
        }
        line += String(decoding: parameter.utf8.map { Self.isLineBreaking($0) ? UInt8(ascii: " ") : $0 }, as: UTF8.self)
    }

    /// Enough for the usual message, so the line is built without regrowing.
    private var estimatedLength: Int {
        var length = self.command.utf8.count + (self.source?.utf8.count ?? 0) + 2
        for parameter in self.parameters { length += parameter.utf8.count + 2 }
        for tag in self.tags { length += tag.key.utf8.count + (tag.value?.utf8.count ?? 0) + 2 }
        return length + 1
    }
}
