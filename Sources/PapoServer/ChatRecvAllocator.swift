import NIOCore

/// Read buffer sizes for chat connections.
///
/// NIO keeps each connection's last read buffer for reuse, so an idle connection costs that
/// buffer's capacity: reads start small, since most chat messages are. A read that fills its
/// buffer means more is waiting, so the next buffer is four times larger, up to 64 KiB; reads
/// that use under an eighth of the buffer halve it again. Two words, so NIO stores it inline
/// rather than boxing it per connection as it does the larger adaptive allocator.
struct ChatRecvAllocator: RecvByteBufferAllocator {
    static let minimum = 128
    static let maximum = 64 * 1024

    private(set) var size = Self.minimum

    func buffer(allocator: ByteBufferAllocator) -> ByteBuffer {
        allocator.buffer(capacity: self.size)
    }

    func nextBufferSize() -> Int? {
        self.size
    }

    mutating func record(actualReadBytes: Int) -> Bool {
        if actualReadBytes >= self.size && self.size < Self.maximum {
            self.size = min(self.size * 4, Self.maximum)
            return true
        }
        if actualReadBytes < self.size / 8 && self.size > Self.minimum {
            self.size = max(self.size / 2, Self.minimum)
        }
        return false
    }
}
