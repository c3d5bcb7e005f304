/// What the framing decoder hands up: one unit of client input.
public enum InboundMessage: Equatable, Sendable {
    /// One framed payload; it may hold several lines.
    case frame(String)
    /// One line from a line connection, without its terminator.
    case line(String, LineEnding)
    /// The unframed word `Desconectar` that the assignment's client sends after its last frame.
    case bareDisconnect
    /// A registered IRC client's message (registration itself stays in the door).
    case irc(IRCMessage)
}

/// How a client ends its lines; the server answers in kind.
public enum LineEnding: Sendable, Equatable {
    case lf
    case crlf
}
