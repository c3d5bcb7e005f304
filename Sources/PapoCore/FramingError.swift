/// Input that cannot be framed. Each is answered with one error line, then the connection closes.
public enum FramingError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A framed header that is not a decimal length padded with spaces.
    case invalidHeader(preview: String)
    /// A header of spaces only.
    case emptyHeader
    /// A frame claiming more payload than allowed. The claim is kept as text: it may not fit an Int.
    case frameTooLarge(claimed: String, limit: Int)
    /// A line longer than allowed.
    case lineTooLong(limit: Int)

    public var description: String {
        switch self {
        case .invalidHeader(let preview):
            return "invalid frame header \"\(preview)\": expected the payload length in decimal, padded with spaces to 64 bytes"
        case .emptyHeader:
            return "empty frame header: expected the payload length in decimal, padded with spaces to 64 bytes"
        case .frameTooLarge(let claimed, let limit):
            return "frame of \(claimed) bytes exceeds the limit of \(limit) bytes"
        case .lineTooLong(let limit):
            return "line exceeds the limit of \(limit) bytes"
        }
    }
}
