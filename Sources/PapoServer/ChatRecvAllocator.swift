import NIOCore

/// Read buffer sizes for chat connections.
///
/// NIO keeps each connection's last read buffer for reuse and only ever grows it, so an idle
/// connection costs the largest buffer it ever read into: reads start small, since most chat
/// messages are. A read that fills its buffer means more is waiting, so the next buffer is four
/// times larger, up to 64 KiB; reads that use under an eighth of the buffer halve it again.
/// The opening never grows it: a client's first few hundred bytes (a framed name and a join,
/// about 150; an IRC registration and join, about 250) arrive in a few small reads, and growing
/// then would leave every connection that goes quiet afterwards holding a buffer several times
/// the size it needs. A client that goes on talking passes the opening within a few messages.
/// One word, so NIO stores it inline rather than boxing it per connection as it does the
/// larger adaptive allocator.
struct ChatRecvAllocator: RecvByteBufferAllocator {
    static let minimum = 64
    static let maximum = 64 * 1024
    /// Bytes a connection reads before full reads grow its buffer.
    static let opening = 512

    private var bufferSize = UInt32(Self.minimum)
    /// Bytes still to read before the opening is over.
    private var openingLeft = UInt32(Self.opening)

    var size: Int { Int(self.bufferSize) }

    func buffer(allocator: ByteBufferAllocator) -> ByteBuffer {
        allocator.buffer(capacity: self.size)
    }

    func nextBufferSize() -> Int? {
        self.size
    }

    mutating func record(actualReadBytes: Int) -> Bool {
        let inOpening = self.openingLeft > 0
        self.openingLeft -= min(self.openingLeft, UInt32(clamping: actualReadBytes))
        if actualReadBytes >= self.size && self.size < Self.maximum {
            guard !inOpening else { return false }
            self.bufferSize = UInt32(min(self.size * 4, Self.maximum))
            return true
        }
        if actualReadBytes < self.size / 8 && self.size > Self.minimum {
            self.bufferSize = UInt32(max(self.size / 2, Self.minimum))
        }
        return false
    }
}
