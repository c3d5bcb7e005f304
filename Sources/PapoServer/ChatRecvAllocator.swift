import NIOCore

/// Read buffer sizes for chat connections.
///
/// NIO keeps each connection's last read buffer for reuse and only ever grows it, so an idle
/// connection costs the largest buffer it ever read into: reads start small, since most chat
/// messages are. A read that fills its buffer means more is waiting, so the next buffer is four
/// times larger, up to 64 KiB; reads that use under an eighth of the buffer halve it again.
/// A connection's first read never grows it: a client's opening burst (a framed name and a
/// join, about 150 bytes) fills the smallest buffer once, and growing then would leave every
/// idle connection holding 512 bytes instead of 128.
/// Two words, so NIO stores it inline rather than boxing it per connection as it does the
/// larger adaptive allocator.
struct ChatRecvAllocator: RecvByteBufferAllocator {
    static let minimum = 128
    static let maximum = 64 * 1024

    private(set) var size = Self.minimum
    private var hasRead = false

    func buffer(allocator: ByteBufferAllocator) -> ByteBuffer {
        allocator.buffer(capacity: self.size)
    }

    func nextBufferSize() -> Int? {
        self.size
    }

    mutating func record(actualReadBytes: Int) -> Bool {
        defer { self.hasRead = true }
        if actualReadBytes >= self.size && self.size < Self.maximum {
            guard self.hasRead else { return false }
            self.size = min(self.size * 4, Self.maximum)
            return true
        }
        if actualReadBytes < self.size / 8 && self.size > Self.minimum {
            self.size = max(self.size / 2, Self.minimum)
        }
        return false
    }
}
