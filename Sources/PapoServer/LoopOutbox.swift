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
///
/// A busy connection keeps its last batch's buffer as a spare: once NIO has written it, the
/// next batch refills the same memory while it is still in cache, instead of allocating and
/// faulting in fresh memory for every batch (about a quarter of fan-out's CPU). Small batches
/// keep no spare, and `releaseIdleSpare` drops one that went unused, so quiet connections
/// hold no buffer.
struct PendingOutput {
    private static let allocator = ByteBufferAllocator()
    /// Batches at least this large keep their buffer as a spare.
    static let spareThreshold = 1024
    /// Buffers larger than this are never kept.
    static let spareCapacityLimit = 256 * 1024

    /// Index of the connection's event loop in the server's outboxes.
    let loopSlot: Int
    var lineEnding: LineEnding = .lf
    /// The pending bytes when `hasPending`; otherwise a spare buffer (or nil).
    private var buffer: ByteBuffer?
    /// Whether `buffer` holds bytes decided but not yet handed to the channel.
    private(set) var hasPending = false
    /// Whether the connection is on its loop's ready list.
    private(set) var isReady = false
    /// Whether a batch was taken since the last `releaseIdleSpare`.
    private var wasBusy = false
    /// Whether the server lists this connection as holding a spare.
    private var isSpareListed = false
    /// The size of the last batch taken: a new buffer starts that large, so a busy
    /// connection rarely regrows its buffer.
    private var lastBatchSize: UInt32 = 0

    init(loopSlot: Int) {
        self.loopSlot = loopSlot
    }

    /// The pending bytes, if any.
    var bytes: ByteBuffer? {
        self.hasPending ? self.buffer : nil
    }

    /// Whether a spare buffer is held (for tests).
    var hasSpare: Bool {
        !self.hasPending && self.buffer != nil
    }

    /// Appends one line; returns the loop's slot if the connection just became ready (the
    /// caller lists it there).
    mutating func append(_ line: borrowing EncodedLine) -> (slot: Int?, bytes: Int) {
        if !self.hasPending {
            self.hasPending = true
            if self.buffer == nil {
                self.buffer = Self.allocator.buffer(capacity: max(256, Int(self.lastBatchSize)))
            } else {
                // Reuses the spare's memory if NIO is done with it; allocates (without copying) if not.
                self.buffer!.clear()
            }
        }
        let written: Int
        switch self.lineEnding {
        case .lf: written = self.buffer!.writeString(line.lf)
        case .crlf: written = self.buffer!.writeString(line.crlf)
        }
        if self.isReady { return (nil, written) }
        self.isReady = true
        return (self.loopSlot, written)
    }

    /// Hands over everything pending; the connection is no longer ready.
    mutating func take() -> ByteBuffer? {
        self.isReady = false
        guard self.hasPending, let bytes = self.buffer else { return nil }
        self.hasPending = false
        self.wasBusy = true
        self.lastBatchSize = UInt32(min(bytes.readableBytes, 64 * 1024))
        if bytes.readableBytes < Self.spareThreshold || bytes.capacity > Self.spareCapacityLimit {
            self.buffer = nil
        }
        return bytes
    }

    /// Whether the spare kept by the last `take` is new to the server's list of holders (it
    /// is listed once, until dropped).
    mutating func listSpare() -> Bool {
        guard self.hasSpare, !self.isSpareListed else { return false }
        self.isSpareListed = true
        return true
    }

    /// Drops the spare buffer if no batch was taken since the last call (the server's tick).
    /// Returns whether a spare is still held.
    @discardableResult
    mutating func releaseIdleSpare() -> Bool {
        if !self.wasBusy && !self.hasPending {
            self.buffer = nil
        }
        self.wasBusy = false
        self.isSpareListed = self.buffer != nil
        return self.isSpareListed
    }
}
