import NIOCore
import PapoCore

/// One connection's lines that its loop has not written yet, and its line ending.
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

    // Stored fields are ordered for packing into 29 bytes, the flags in one: every connection
    // has one, in its loop's table, which is up to half empty.
    /// The pending bytes when `hasPending`; otherwise a spare buffer (or nil).
    private var buffer: ByteBuffer?
    var lineEnding: LineEnding = .lf
    /// The connection's wire: which encoding of each line it is written.
    var wire = Wire.text
    /// The size of the last batch taken (at most 64 KiB - 1): a new buffer starts that large,
    /// so a busy connection rarely regrows its buffer.
    private var lastBatchSize: UInt16 = 0
    private var flags: Flags = []

    private struct Flags: OptionSet {
        let rawValue: UInt8
        /// `buffer` holds bytes decided but not yet handed to the channel.
        static let hasPending = Flags(rawValue: 1 << 0)
        /// The connection is on its loop's ready list.
        static let isReady = Flags(rawValue: 1 << 1)
        /// A batch was taken since the last `releaseIdleSpare`.
        static let wasBusy = Flags(rawValue: 1 << 2)
        /// The server lists this connection as holding a spare.
        static let isSpareListed = Flags(rawValue: 1 << 3)
        /// `buffer` is a line's own shared bytes (a batch of one line so far).
        static let isSharedLine = Flags(rawValue: 1 << 4)
    }

    /// Whether `buffer` holds bytes decided but not yet handed to the channel.
    private(set) var hasPending: Bool {
        get { self.flags.contains(.hasPending) }
        set { self.set(.hasPending, newValue) }
    }
    /// Whether the connection is on its loop's ready list.
    private(set) var isReady: Bool {
        get { self.flags.contains(.isReady) }
        set { self.set(.isReady, newValue) }
    }
    private var wasBusy: Bool {
        get { self.flags.contains(.wasBusy) }
        set { self.set(.wasBusy, newValue) }
    }
    private var isSpareListed: Bool {
        get { self.flags.contains(.isSpareListed) }
        set { self.set(.isSpareListed, newValue) }
    }
    private var isSharedLine: Bool {
        get { self.flags.contains(.isSharedLine) }
        set { self.set(.isSharedLine, newValue) }
    }

    private mutating func set(_ flag: Flags, _ isOn: Bool) {
        if isOn { self.flags.insert(flag) } else { self.flags.remove(flag) }
    }

    /// The pending bytes, if any.
    var bytes: ByteBuffer? {
        self.hasPending ? self.buffer : nil
    }

    /// Whether a spare buffer is held (for tests).
    var hasSpare: Bool {
        !self.hasPending && self.buffer != nil
    }

    /// Appends one line, or several joined; says whether the connection just became ready (the
    /// caller lists it).
    mutating func append(_ line: borrowing EncodedLine) -> (becameReady: Bool, bytes: Int) {
        self.append(line.bytes(for: self.wire), isWholeBatch: false)
    }

    /// Appends bytes in this connection's wire (ending in LF, if text). `isWholeBatch`: other
    /// connections are sent the same bytes as their whole batch, so this one shares them too if
    /// they are its first (rather than copying them into its spare).
    mutating func append(_ lineBytes: ByteBuffer, isWholeBatch: Bool) -> (becameReady: Bool, bytes: Int) {
        // Nothing for this wire (a web view update to a text client).
        guard lineBytes.readableBytes > 0 else { return (false, 0) }
        if !self.hasPending {
            self.hasPending = true
            if self.lineEnding == .lf && (isWholeBatch || (self.buffer == nil && self.lastBatchSize < Self.spareThreshold)) {
                // A quiet connection's batch is usually this one line: it gets the line's own
                // bytes, shared with every other recipient, and a buffer only if more follow.
                self.buffer = lineBytes
                self.isSharedLine = true
                return (self.markReady(), lineBytes.readableBytes)
            }
            if self.buffer == nil {
                self.buffer = Self.allocator.buffer(capacity: max(256, Int(self.lastBatchSize)))
            } else {
                // Reuses the spare's memory if NIO is done with it; allocates (without copying) if not.
                self.buffer!.clear()
            }
        } else if self.isSharedLine {
            // A second line: the batch gets a buffer of its own, starting with the first.
            var own = Self.allocator.buffer(capacity: max(256, self.buffer!.readableBytes + lineBytes.readableBytes))
            own.writeImmutableBuffer(self.buffer!)
            self.buffer = own
            self.isSharedLine = false
        }
        guard self.lineEnding == .crlf else {
            return (self.markReady(), self.buffer!.writeImmutableBuffer(lineBytes))
        }
        // Each LF becomes CR LF as it is copied: no second encoding for the few CRLF clients.
        var written = 0
        var rest = lineBytes
        while let lineEnd = rest.readableBytesView.firstIndex(of: UInt8(ascii: "\n")) {
            var text = rest.readSlice(length: lineEnd - rest.readerIndex)!
            rest.moveReaderIndex(forwardBy: 1)
            written += self.buffer!.writeBuffer(&text)
            written += self.buffer!.writeStaticString("\r\n")
        }
        written += self.buffer!.writeBuffer(&rest)
        return (self.markReady(), written)
    }

    /// Whether the connection just became ready (it was not on the ready list).
    private mutating func markReady() -> Bool {
        if self.isReady { return false }
        self.isReady = true
        return true
    }

    /// Hands over everything pending; the connection is no longer ready.
    mutating func take() -> ByteBuffer? {
        self.isReady = false
        guard self.hasPending, let bytes = self.buffer else { return nil }
        self.hasPending = false
        self.wasBusy = true
        self.lastBatchSize = UInt16(min(bytes.readableBytes, Int(UInt16.max)))
        if self.isSharedLine || bytes.readableBytes < Self.spareThreshold || bytes.capacity > Self.spareCapacityLimit {
            // A shared line is never kept as a spare: its memory is every recipient's.
            self.buffer = nil
            self.isSharedLine = false
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
