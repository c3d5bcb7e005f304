import NIOCore
import PapoCore

/// Lines waiting to be written by one event loop, kept inside the chat state's lock.
///
/// A delivery appends the line's bytes to each recipient's own pending buffer (a copy of a
/// few dozen bytes, no reference counting or pipeline call per line) and lists the recipient
/// as ready on its loop. One `execute` per batch hops to the loop, which takes every ready
/// buffer in one short critical section and writes each as one buffer with one flush: a burst
/// to a connection leaves in one `write`, however many lines it holds.
struct LoopOutbox {
    let eventLoop: any EventLoop
    /// Connections with pending bytes, in the order they became ready.
    var ready: [ClientID] = []
    /// Connections to close once what they were last told is written (removed from the chat).
    var closing: [Closing] = []
    /// Whether a drain is already on its way to the loop.
    var isDrainScheduled = false

    struct Closing {
        let channel: any Channel
        let lastBytes: ByteBuffer?
    }

    /// What one drain writes: each channel's bytes, and the channels to close.
    struct Batch {
        var writes: [(any Channel, ByteBuffer)] = []
        var closing: [Closing] = []

        /// Runs on the loop, outside the chat lock.
        func write() {
            for (channel, bytes) in self.writes {
                channel.writeAndFlush(bytes, promise: nil)
            }
            for closing in self.closing {
                if let bytes = closing.lastBytes {
                    let written = closing.channel.eventLoop.makePromise(of: Void.self)
                    let channel = closing.channel
                    written.futureResult.whenComplete { _ in LoopOutbox.closeAfterWriting(channel) }
                    channel.writeAndFlush(bytes, promise: written)
                } else {
                    // Nothing left to say: close now (after a flush of what NIO still holds).
                    closing.channel.flush()
                    LoopOutbox.closeAfterWriting(closing.channel)
                }
            }
        }
    }

    /// Ends our side first, so the last line is followed by a FIN: closing outright with the
    /// client's unread bytes still arriving would send a reset, which can destroy that line
    /// before the client reads it. The client's close (or a few seconds) ends the rest.
    static func closeAfterWriting(_ channel: any Channel) {
        channel.close(mode: .output, promise: nil)
        channel.eventLoop.scheduleTask(in: .seconds(5)) {
            channel.close(promise: nil)
        }
    }
}

/// A line encoded once per line ending, shared by all its recipients.
struct EncodedLine {
    let lf: String
    let crlf: String

    init(_ line: ServerLine) {
        let rendered = line.rendered
        self.lf = rendered + "\n"
        self.crlf = rendered + "\r\n"
    }
}

/// One connection's lines that its loop has not taken yet, with what delivery needs to know
/// about the connection. Kept apart from the rest of the connection's record so the hot
/// loop touches only this, in place.
struct PendingOutput {
    private static let allocator = ByteBufferAllocator()
    /// Index of the connection's event loop in the server's outboxes.
    let loopSlot: Int
    var lineEnding: LineEnding = .lf
    /// Bytes decided but not yet handed to the channel; nil when there are none, so an idle
    /// connection holds no buffer.
    private(set) var bytes: ByteBuffer?
    /// Whether the connection is on its loop's ready list.
    private(set) var isReady = false
    /// The size of the last batch taken: the next buffer starts that large, so a busy
    /// connection rarely regrows its buffer.
    private var lastBatchSize = 0

    init(loopSlot: Int) {
        self.loopSlot = loopSlot
    }

    /// Appends one line; returns the loop's slot if the connection just became ready (the
    /// caller lists it there).
    mutating func append(_ line: borrowing EncodedLine) -> (slot: Int?, bytes: Int) {
        if self.bytes == nil {
            self.bytes = Self.allocator.buffer(capacity: max(256, self.lastBatchSize))
        }
        let written: Int
        switch self.lineEnding {
        case .lf: written = self.bytes!.writeString(line.lf)
        case .crlf: written = self.bytes!.writeString(line.crlf)
        }
        if self.isReady { return (nil, written) }
        self.isReady = true
        return (self.loopSlot, written)
    }

    /// Hands over everything pending; the connection is no longer ready.
    mutating func take() -> ByteBuffer? {
        self.isReady = false
        guard let bytes = self.bytes else { return nil }
        self.bytes = nil
        self.lastBatchSize = min(bytes.readableBytes, 64 * 1024)
        return bytes
    }
}
