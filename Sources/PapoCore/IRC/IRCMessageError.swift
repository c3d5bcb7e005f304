/// Why a line is not an IRC message. The door answers and keeps the connection.
public enum IRCMessageError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Nothing but spaces.
    case empty
    /// Tags or a source with no command after them.
    case missingCommand
    /// A command that is neither letters nor exactly three digits.
    case malformedCommand
    /// A tag with an empty key or a key outside `[+][vendor/]name`.
    case malformedTag
    /// A `:` with no source after it.
    case emptySource
    /// A NUL, CR or LF inside the line.
    case forbiddenCharacter

    /// In English, for logs and tests.
    public var description: String {
        switch self {
        case .empty: return "empty message"
        case .missingCommand: return "missing command"
        case .malformedCommand: return "malformed command"
        case .malformedTag: return "malformed message tag"
        case .emptySource: return "empty source"
        case .forbiddenCharacter: return "NUL, CR or LF inside a message"
        }
    }
}
