/// What the framing decoder hands up: one unit of client input.
public enum InboundMessage: Equatable, Sendable {
    /// One framed payload; it may hold several lines.
    case frame(String)
    /// One line from a line connection, without its terminator.
    case line(String, LineEnding)
    /// The unframed word `Desconectar` that the assignment's client sends after its last frame.
    case bareDisconnect
}

/// How a client ends its lines; the server answers in kind.
public enum LineEnding: Sendable, Equatable {
    case lf
    case crlf
}
