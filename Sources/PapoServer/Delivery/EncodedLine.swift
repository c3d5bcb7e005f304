import NIOCore
import PapoCore

/// A line encoded once, with its LF ending, shared by all its recipients: a recipient whose
/// batch is just this line is written these very bytes.
struct EncodedLine {
    private static let allocator = ByteBufferAllocator()
    let bytes: ByteBuffer

    init(_ line: ServerLine) {
        let text = line.rendered
        var bytes = Self.allocator.buffer(capacity: text.utf8.count + 1)
        bytes.writeString(text)
        bytes.writeInteger(UInt8(ascii: "\n"))
        self.bytes = bytes
    }

    /// Several lines as one.
    init(joining lines: [EncodedLine]) {
        var bytes = Self.allocator.buffer(capacity: lines.reduce(0) { $0 + $1.bytes.readableBytes })
        for line in lines {
            bytes.writeImmutableBuffer(line.bytes)
        }
        self.bytes = bytes
    }
}
