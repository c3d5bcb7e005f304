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

    /// In English, for logs and tests.
    public var description: String { self.message.rendered(in: .english) }

    public var message: Message {
        switch self {
        case .invalidHeader(let preview): return Message(.invalidFrameHeader, ["preview": "\(preview)"])
        case .emptyHeader: return Message(.emptyFrameHeader)
        case .frameTooLarge(let claimed, let limit):
            return Message(.frameTooLarge, ["claimed": "\(claimed)", "limit": .count(limit)])
        case .lineTooLong(let limit): return Message(.lineTooLong, ["limit": .count(limit)])
        }
    }
}
