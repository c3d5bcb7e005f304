import PapoCore

/// Which of the IRC door's encodings a line needs: those its recipients read.
struct IRCEncodings: Equatable {
    var plain = false
    var tagged = false
    var messageTags = false

    var isEmpty: Bool { !self.plain && !self.tagged && !self.messageTags }
    var isComplete: Bool { self.plain && self.tagged && self.messageTags }

    mutating func insert(_ wire: Wire, if condition: Bool = true) {
        guard condition else { return }
        switch wire {
        case .irc: self.plain = true
        case .ircTagged: self.tagged = true
        case .ircMessageTags: self.messageTags = true
        case .text, .webSocket: break
        }
    }
}

/// How many connections read each IRC wire.
struct IRCWireCounts {
    private var plain = 0
    private var tagged = 0
    private var messageTags = 0

    /// The one wire every IRC connection reads, if they all read the same.
    func onlyWire(amongAll count: Int) -> Wire? {
        if self.plain == count { return .irc }
        if self.tagged == count { return .ircTagged }
        if self.messageTags == count { return .ircMessageTags }
        return nil
    }

    subscript(wire: Wire) -> Int {
        get {
            switch wire {
            case .irc: return self.plain
            case .ircTagged: return self.tagged
            case .ircMessageTags: return self.messageTags
            case .text, .webSocket: return 0
            }
        }
        set {
            switch wire {
            case .irc: self.plain = newValue
            case .ircTagged: self.tagged = newValue
            case .ircMessageTags: self.messageTags = newValue
            case .text, .webSocket: break
            }
        }
    }
}

/// A line's IRC messages in each encoding its recipients read (nil: none reads it).
struct IRCForms {
    var plain: [IRCMessage]?
    var tagged: [IRCMessage]?
    var messageTags: [IRCMessage]?

    /// Whether IRC shows its readers nothing of the line.
    var isEmpty: Bool { (self.plain ?? self.tagged ?? self.messageTags)?.isEmpty != false }

    /// The line with these IRC forms (and its text form if `text`, its browser frame if
    /// `webTime` is given).
    func encoded(_ line: ServerLine, text: Bool = true, webTime: String? = nil) -> EncodedLine {
        EncodedLine(
            line, text: text, webTime: webTime, irc: self.plain, ircTagged: self.tagged, ircMessageTags: self.messageTags)
    }
}
