/// A line the IRC door cannot take. Both are answered and the connection kept: the decoder
/// has already moved past the bad line.
public enum IRCLineError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Over 4096 bytes of tags (with `@` and the space) or 510 bytes of the rest (answered with 417 ERR_INPUTTOOLONG).
    case tooLong
    /// Bytes that are not UTF-8.
    case notUTF8

    /// In English, for logs and tests.
    public var description: String {
        switch self {
        case .tooLong: return "input line too long"
        case .notUTF8: return "input line is not UTF-8"
        }
    }
}
