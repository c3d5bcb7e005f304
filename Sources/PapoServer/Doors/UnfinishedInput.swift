import NIOCore
import PapoCore

/// What a connection's handler keeps between reads while it reads its own framing: the bytes
/// received that are not a whole message yet, and whether the server was last told that a
/// message is begun (for the frame deadline). Nothing at all between messages, which keeps
/// an idle connection small.
///
/// The kept bytes never stay in the buffer NIO read them into. NIO reuses a connection's read
/// buffer only while nothing else holds it; held at the next read, it takes a second buffer
/// and keeps both, with a table of them, for the connection's life (half a kilobyte).
struct UnfinishedInput {
    /// Bytes received that are not a whole message yet; nil when there are none. Always in a
    /// buffer of their own.
    private(set) var unread: ByteBuffer?
    /// Two flags in one byte, so that the handlers that hold this stay within their
    /// allocation size: every connection has one.
    private var flags: Flags = []

    private struct Flags: OptionSet {
        let rawValue: UInt8
        /// The server was last told that a message is begun.
        static let reportedPartial = Flags(rawValue: 1)
        /// The bytes being read are the kept ones joined with a read (a buffer of ours), not
        /// NIO's read buffer itself.
        static let readingOwnBuffer = Flags(rawValue: 2)
    }

    /// The bytes to read now: those kept from before, then `incoming`.
    mutating func joining(_ incoming: inout ByteBuffer) -> ByteBuffer {
        guard var earlier = self.unread else {
            self.flags.remove(.readingOwnBuffer)
            return incoming
        }
        self.unread = nil
        self.flags.insert(.readingOwnBuffer)
        earlier.writeBuffer(&incoming)
        return earlier
    }

    /// Keeps what the handler left unread in `buffer`. Returns what to tell the server when a
    /// message is now begun, or all are finished (`isPartial` says which), and nil when that
    /// has not changed.
    mutating func keep(_ buffer: inout ByteBuffer, isPartial: Bool) -> InputProgress? {
        if buffer.readableBytes > 0 {
            if self.flags.contains(.readingOwnBuffer) {
                buffer.discardReadBytes()
                self.unread = buffer
            } else {
                // A copy, so that NIO's read buffer is free again for the next read.
                self.unread = ByteBuffer(bytes: buffer.readableBytesView)
            }
        }
        guard isPartial != self.flags.contains(.reportedPartial) else { return nil }
        if isPartial { self.flags.insert(.reportedPartial) } else { self.flags.remove(.reportedPartial) }
        return isPartial ? .begun : .finished
    }

    /// The kept bytes, taken (at the end of input).
    mutating func takeUnread() -> ByteBuffer? {
        defer { self.unread = nil }
        return self.unread
    }
}
