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
public enum LineEnding: Sendable, Equatable, Codable {
    case lf
    case crlf
}

/// A client's input as a cluster's log keeps it: an IRC message travels as its line.
extension InboundMessage: Codable {
    private enum CodingKeys: String, CodingKey {
        case frame, line, ending, bareDisconnect = "bare", irc
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if let payload = try container.decodeIfPresent(String.self, forKey: .frame) {
            self = .frame(payload)
        } else if let text = try container.decodeIfPresent(String.self, forKey: .line) {
            self = .line(text, try container.decode(LineEnding.self, forKey: .ending))
        } else if let line = try container.decodeIfPresent(String.self, forKey: .irc) {
            do {
                self = .irc(try IRCMessage(parsing: line[...]))
            } catch {
                throw DecodingError.dataCorruptedError(forKey: .irc, in: container, debugDescription: "\(error)")
            }
        } else if container.contains(.bareDisconnect) {
            self = .bareDisconnect
        } else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "no client input"))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .frame(let payload): try container.encode(payload, forKey: .frame)
        case .line(let text, let ending):
            try container.encode(text, forKey: .line)
            try container.encode(ending, forKey: .ending)
        case .bareDisconnect: try container.encode(true, forKey: .bareDisconnect)
        case .irc(let message): try container.encode(message.serialized, forKey: .irc)
        }
    }
}
