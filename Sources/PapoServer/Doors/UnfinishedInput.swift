import NIOCore
import PapoCore

/// What a connection's handler keeps between reads while it reads its own framing: the bytes
/// received that are not a whole message yet, and whether the server was last told that a
/// message is begun (for the frame deadline). Nothing at all between messages, which keeps
/// an idle connection small.
struct UnfinishedInput {
    /// Bytes received that are not a whole message yet; nil when there are none.
    private(set) var unread: ByteBuffer?
    private var hasReportedPartial = false

    /// The bytes to read now: those kept from before, then `incoming`.
    mutating func joining(_ incoming: inout ByteBuffer) -> ByteBuffer {
        guard var earlier = self.unread else { return incoming }
        self.unread = nil
        earlier.writeBuffer(&incoming)
        return earlier
    }

    /// Keeps what the handler left unread in `buffer`. Returns what to tell the server when a
    /// message is now begun, or all are finished (`isPartial` says which), and nil when that
    /// has not changed.
    mutating func keep(_ buffer: inout ByteBuffer, isPartial: Bool) -> InputProgress? {
        if buffer.readableBytes > 0 {
            buffer.discardReadBytes()
            self.unread = buffer
        }
        guard isPartial != self.hasReportedPartial else { return nil }
        self.hasReportedPartial = isPartial
        return isPartial ? .begun : .finished
    }

    /// The kept bytes, taken (at the end of input).
    mutating func takeUnread() -> ByteBuffer? {
        defer { self.unread = nil }
        return self.unread
    }
}
