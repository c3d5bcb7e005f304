#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CSendBatch
import NIOConcurrencyHelpers
import NIOCore
import PapoCore
import Synchronization

/// One event loop's side of delivery.
///
/// The chat state decides under its lock; what it decides for this loop's connections goes
/// into the loop's inbox (one append per line, not per recipient), in the state's order. One
/// `execute` per batch hops to the loop, which takes the whole inbox in one short critical
/// section and, with no lock held, copies each line into its recipients' pending buffers and
/// writes each connection's burst as one buffer with one flush.
///
/// Each connection's buffer is touched only by its own loop (and that loop's `write`), so no
/// lock guards it and the chat lock is held for one append per line and loop, however many
/// recipients the line has.
///
/// A batch goes straight to the connection's socket with one `send` while NIO holds nothing
/// unwritten for it; what the kernel does not take (its buffer is full, or an error that NIO
/// then meets and closes the channel for) goes through the channel, and so does everything
/// after it until NIO has written it all. NIO's write path touches half a dozen objects per
/// connection, each cold in cache when thousands of clients get one line: going around it
/// took a sixth of papod's CPU off 200 rooms of ten, and over a quarter off a room of 500.
/// The socket is valid for as long as the entry here: NIO closes it and reports the channel
/// inactive in one step on this loop, and the handler then drops the entry (`forget`) before
/// any later drain can run.
///
/// Where the system has io_uring, a drain's direct sends go to the kernel together, in one
/// system call: a client reader woken by each `send` in turn would otherwise be switched to
/// and back once per recipient when it shares the loop's core.
final class LoopOutbox: @unchecked Sendable {
    enum Item {
        /// A line for those of `recipients` that live on this loop.
        case deliver(EncodedLine, to: [ClientID])
        /// Close after everything queued before (the connection has left the chat).
        case close(ClientID)
        /// A connection never admitted: one line, then the close.
        case refuse(any Channel, EncodedLine)
    }

    struct Inbox {
        var items: [Item] = []
        var isDrainScheduled = false
    }

    /// A connection as its loop sees it.
    struct LocalConnection {
        /// The connection handler's context: writes start there, at the pipeline's head,
        /// rather than walking in from the channel (which touched two more objects per write,
        /// each a likely cache miss with thousands of connections).
        let context: ChannelHandlerContext
        var output = PendingOutput()
        /// The channel's socket, written to directly; nil where papod did not accept it.
        let socket: CInt?
        /// Whether NIO may hold bytes it has not written yet: until it has none, writes queue
        /// behind them.
        var channelMayHoldBytes = false

        /// Whether bytes may go straight to the socket now: papod accepted it, and NIO holds
        /// nothing unwritten for it. (Mutating, so that the table entry is used in place: a
        /// copy would retain the context, a cold object, for every recipient.)
        mutating func mayWriteDirectly() -> Bool {
            guard self.socket != nil else { return false }
            if self.channelMayHoldBytes {
                // NIO writes what it holds in order; once it holds nothing, the socket is ours again.
                guard (try? self.context.channel.syncOptions?.getOption(.bufferedWritableBytes)) == 0 else {
                    return false
                }
                self.channelMayHoldBytes = false
            }
            return true
        }

        /// Takes the result of a direct send of `bytes` (bytes sent, or -1 or -errno): whether
        /// all of them went. What did not is left in `bytes`, for the channel, and later
        /// batches queue behind it.
        mutating func noteSent(_ sent: Int, of bytes: inout ByteBuffer) -> Bool {
            if sent == bytes.readableBytes { return true }
            if sent > 0 { bytes.moveReaderIndex(forwardBy: sent) }
            self.channelMayHoldBytes = true
            return false
        }

        /// Sends `bytes` on the socket if NIO holds nothing unwritten for it; returns whether
        /// all of them went. What did not is left in `bytes`, for the channel.
        mutating func sendsDirectly(_ bytes: inout ByteBuffer) -> Bool {
            guard self.mayWriteDirectly(), let socket = self.socket else { return false }
            let sent = bytes.withUnsafeReadableBytes { raw in
                // The socket is non-blocking; no SIGPIPE for a peer that is gone (NIO then meets the error).
                send(socket, raw.baseAddress, raw.count, Self.sendFlags)
            }
            return self.noteSent(sent, of: &bytes)
        }

        #if canImport(Glibc)
        private static let sendFlags = CInt(MSG_NOSIGNAL)
        #else
        private static let sendFlags: CInt = 0
        #endif
    }

    let eventLoop: any EventLoop
    private let inbox = NIOLockedValueBox(Inbox())
    private let counters: ServerCounters
    // Touched only on `eventLoop` (hence `@unchecked Sendable`), never across a call that
    // could come back here: the runtime's per-access exclusivity check, which cost a quarter
    // of the drain, is turned off for them.
    @exclusivity(unchecked) private var connections: [ClientID: LocalConnection] = [:]
    @exclusivity(unchecked) private var ready: [ClientID] = []
    /// Connections whose output keeps a spare buffer (see `PendingOutput`).
    @exclusivity(unchecked) private var spareHolders: [ClientID] = []
    /// The loop's io_uring, made at its first batch (io_uring binds it to the loop's thread).
    @exclusivity(unchecked) private var sendRing: SendRingState
    /// A drain's direct sends, held (so their bytes stay alive and unchanged) until the ring
    /// has sent them, and the requests handed to it.
    @exclusivity(unchecked) private var batch: [(index: Dictionary<ClientID, LocalConnection>.Index, bytes: ByteBuffer)] = []
    @exclusivity(unchecked) private var batchRequests: [papo_send] = []

    enum SendRingState {
        case notYetMade
        case ready(OpaquePointer)
        /// Batching is off, or the system has no io_uring for papod: one `send` per connection.
        case unavailable
    }

    /// Sends per system call: a room of 500 takes one call for its first 512 members.
    static let sendRingEntries: UInt32 = 512

    init(eventLoop: any EventLoop, counters: ServerCounters, batchesSends: Bool = true) {
        self.eventLoop = eventLoop
        self.counters = counters
        self.sendRing = batchesSends ? .notYetMade : .unavailable
    }

    deinit {
        if case .ready(let ring) = self.sendRing {
            papo_send_ring_destroy(ring)
        }
    }

    /// The loop's ring, made now if it has not been tried yet.
    private func readySendRing() -> OpaquePointer? {
        switch self.sendRing {
        case .ready(let ring):
            return ring
        case .unavailable:
            return nil
        case .notYetMade:
            guard let ring = papo_send_ring_create(Self.sendRingEntries) else {
                self.sendRing = .unavailable
                return nil
            }
            self.sendRing = .ready(ring)
            return ring
        }
    }

    /// Queues items in order; returns whether the caller must schedule a drain (`drainSoon`).
    func enqueue(_ item: Item) -> Bool {
        self.inbox.withLockedValue { inbox in
            inbox.items.append(item)
            if inbox.isDrainScheduled { return false }
            inbox.isDrainScheduled = true
            return true
        }
    }

    func drainSoon() {
        self.eventLoop.execute { self.drain() }
    }

    // MARK: On the loop

    /// A connection of this loop joins (on the loop, before anything is queued for it).
    func open(_ id: ClientID, context: ChannelHandlerContext, socket: CInt? = nil) {
        self.eventLoop.assertInEventLoop()
        self.connections[id] = LocalConnection(context: context, socket: socket)
    }

    /// The connection's channel is gone: nothing more is written to it.
    func forget(_ id: ClientID) {
        self.eventLoop.assertInEventLoop()
        self.connections[id] = nil
    }

    /// The client's own line ending, for everything written to it from now on.
    func setLineEnding(_ ending: LineEnding, for id: ClientID) {
        self.eventLoop.assertInEventLoop()
        self.connections[id]?.output.lineEnding = ending
    }

    /// Bytes written but not yet sent, per connection of this loop (for the operator's
    /// `clients`): what the channel holds and what waits for this loop's next drain.
    func queuedBytes() -> [ClientID: Int] {
        self.eventLoop.assertInEventLoop()
        var queued: [ClientID: Int] = [:]
        queued.reserveCapacity(self.connections.count)
        for (id, connection) in self.connections {
            let inChannel = (try? connection.context.channel.syncOptions?.getOption(.bufferedWritableBytes)) ?? 0
            queued[id] = inChannel + (connection.output.bytes?.readableBytes ?? 0)
        }
        return queued
    }

    /// Takes the inbox and writes it out.
    func drain() {
        let items = self.inbox.withLockedValue { inbox in
            inbox.isDrainScheduled = false
            defer { inbox.items.removeAll(keepingCapacity: true) }
            return inbox.items
        }
        var bytesOut = 0
        var closing: [(any Channel, ByteBuffer?)] = []
        var run: [EncodedLine] = []
        var position = items.startIndex
        while position < items.endIndex {
            defer { position += 1 }
            switch items[position] {
            case .deliver(let line, let recipients):
                // Consecutive lines to the same recipients (one sender's burst, in a room
                // nobody joined or left meanwhile) go to each recipient together: one table
                // lookup per recipient, and each buffer filled in one pass.
                run.removeAll(keepingCapacity: true)
                run.append(line)
                while position + 1 < items.endIndex, case .deliver(let next, let nextRecipients) = items[position + 1],
                    nextRecipients == recipients
                {
                    run.append(next)
                    position += 1
                }
                // The run's lines joined once, so that each recipient takes them in one copy
                // (or shares them, if they are its whole batch) rather than one per line.
                let block = run.count == 1 ? line : EncodedLine(joining: run)
                for id in recipients {
                    guard let index = self.connections.index(forKey: id) else { continue }
                    let (becameReady, written) = self.connections.values[index].output.append(block)
                    bytesOut += written
                    if becameReady { self.ready.append(id) }
                }
            case .close(let id):
                guard var connection = self.connections.removeValue(forKey: id) else { continue }
                closing.append((connection.context.channel, connection.output.take()))
            case .refuse(let channel, let line):
                var output = PendingOutput()
                bytesOut += output.append(line).bytes
                closing.append((channel, output.take()))
            }
        }
        // Sent directly in the first pass (a `send` calls nothing back); what goes through NIO
        // is written after: a channel write can fail and close its channel at once, and the
        // close reaches `forget`, which must not change the table under a live index.
        var writes: [(ChannelHandlerContext, ByteBuffer)] = []
        var directWrites = 0
        let ring = self.ready.count > 1 ? self.readySendRing() : nil
        for id in self.ready {
            guard let index = self.connections.index(forKey: id),
                var bytes = self.connections.values[index].output.take()
            else { continue }
            if self.connections.values[index].output.listSpare() {
                self.spareHolders.append(id)
            }
            if ring != nil, self.connections.values[index].mayWriteDirectly(),
                let socket = self.connections.values[index].socket
            {
                self.addToBatch(bytes, socket: socket, at: index)
            } else if self.connections.values[index].sendsDirectly(&bytes) {
                directWrites += 1
            } else {
                writes.append((self.connections.values[index].context, bytes))
            }
        }
        self.ready.removeAll(keepingCapacity: true)
        if let ring, !self.batch.isEmpty {
            directWrites += self.sendBatch(through: ring, leavingTheRestTo: &writes)
        }
        for (context, bytes) in writes {
            context.writeAndFlush(NIOAny(bytes), promise: nil)
        }
        if directWrites > 0 {
            self.counters.writesDirect.add(directWrites, ordering: .relaxed)
        }
        if !writes.isEmpty {
            self.counters.writesQueued.add(writes.count, ordering: .relaxed)
        }
        for (channel, lastBytes) in closing {
            Self.close(channel, after: lastBytes)
        }
        if bytesOut > 0 {
            self.counters.bytesOut.add(bytesOut, ordering: .relaxed)
        }
    }

    /// Queues `bytes` for the connection at `index` for the next `sendBatch`, in the same pass
    /// that took them (the entry is still in cache).
    private func addToBatch(_ bytes: ByteBuffer, socket: CInt, at index: Dictionary<ClientID, LocalConnection>.Index) {
        // The address stays valid past the closure: `batch` holds the buffer, unchanged, until
        // the ring has sent it.
        let address = bytes.withUnsafeReadableBytes { $0.baseAddress }
        self.batch.append((index, bytes))
        self.batchRequests.append(
            papo_send(
                // Past 4 GiB the send is cut short, and the rest goes the way of a partial send.
                bytes: address, length: UInt32(clamping: bytes.readableBytes), fd: socket,
                result: PAPO_SEND_NOT_DONE))
    }

    /// Sends the batch's bytes through the ring, one system call for up to 512 connections;
    /// returns how many went whole. What a socket did not take (it was full, or failed, which
    /// NIO then meets and closes the channel for) goes to `writes`, for the channel.
    private func sendBatch(
        through ring: OpaquePointer, leavingTheRestTo writes: inout [(ChannelHandlerContext, ByteBuffer)]
    ) -> Int {
        let status = self.batchRequests.withUnsafeMutableBufferPointer { requests in
            papo_send_ring_send(ring, requests.baseAddress, requests.count)
        }
        self.counters.sendBatches.add(
            (self.batchRequests.count + Int(Self.sendRingEntries) - 1) / Int(Self.sendRingEntries), ordering: .relaxed)
        if status < 0 {
            // The ring itself failed (not a socket): one `send` per connection from now on.
            papo_send_ring_destroy(ring)
            self.sendRing = .unavailable
        }
        var sentWhole = 0
        for position in self.batch.indices {
            let result = self.batchRequests[position].result
            if Int(result) == self.batch[position].bytes.readableBytes {
                // The common case touches no connection: there is nothing to note.
                sentWhole += 1
                continue
            }
            let index = self.batch[position].index
            var bytes = self.batch[position].bytes
            let isWhole =
                result == PAPO_SEND_NOT_DONE
                ? self.connections.values[index].sendsDirectly(&bytes)
                : self.connections.values[index].noteSent(Int(result), of: &bytes)
            if isWhole {
                sentWhole += 1
            } else {
                writes.append((self.connections.values[index].context, bytes))
            }
        }
        self.batch.removeAll(keepingCapacity: true)
        self.batchRequests.removeAll(keepingCapacity: true)
        return sentWhole
    }

    /// Drops the spare buffers that went unused since the last call (once a second). Only
    /// connections that kept one are visited: a whole-table walk would cost idle servers.
    func releaseIdleSpares() {
        self.eventLoop.assertInEventLoop()
        self.spareHolders.removeAll { id in
            guard let index = self.connections.index(forKey: id) else { return true }
            return !self.connections.values[index].output.releaseIdleSpare()
        }
    }

    /// Writes `lastBytes` (if any) and then closes.
    private static func close(_ channel: any Channel, after lastBytes: ByteBuffer?) {
        if let lastBytes {
            let written = channel.eventLoop.makePromise(of: Void.self)
            written.futureResult.whenComplete { _ in Self.closeAfterWriting(channel) }
            channel.writeAndFlush(lastBytes, promise: written)
        } else {
            // Nothing left to say: close now (after a flush of what NIO still holds).
            channel.flush()
            Self.closeAfterWriting(channel)
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

    // Stored fields are ordered for packing into 32 bytes: every connection has one.
    /// The pending bytes when `hasPending`; otherwise a spare buffer (or nil).
    private var buffer: ByteBuffer?
    var lineEnding: LineEnding = .lf
    /// The size of the last batch taken (at most 64 KiB - 1): a new buffer starts that large,
    /// so a busy connection rarely regrows its buffer.
    private var lastBatchSize: UInt16 = 0
    /// Whether `buffer` holds bytes decided but not yet handed to the channel.
    private(set) var hasPending = false
    /// Whether the connection is on its loop's ready list.
    private(set) var isReady = false
    /// Whether a batch was taken since the last `releaseIdleSpare`.
    private var wasBusy = false
    /// Whether the server lists this connection as holding a spare.
    private var isSpareListed = false
    /// Whether `buffer` is a line's own shared bytes (a batch of one line so far).
    private var isSharedLine = false

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
        if !self.hasPending {
            self.hasPending = true
            if self.buffer == nil && self.lineEnding == .lf && self.lastBatchSize < Self.spareThreshold {
                // A quiet connection's batch is usually this one line: it gets the line's own
                // bytes, shared with every other recipient, and a buffer only if more follow.
                self.buffer = line.bytes
                self.isSharedLine = true
                return (self.markReady(), line.bytes.readableBytes)
            }
            if self.buffer == nil {
                self.buffer = Self.allocator.buffer(capacity: max(256, Int(self.lastBatchSize)))
            } else {
                // Reuses the spare's memory if NIO is done with it; allocates (without copying) if not.
                self.buffer!.clear()
            }
        } else if self.isSharedLine {
            // A second line: the batch gets a buffer of its own, starting with the first.
            var own = Self.allocator.buffer(capacity: max(256, self.buffer!.readableBytes + line.bytes.readableBytes))
            own.writeImmutableBuffer(self.buffer!)
            self.buffer = own
            self.isSharedLine = false
        }
        guard self.lineEnding == .crlf else {
            return (self.markReady(), self.buffer!.writeImmutableBuffer(line.bytes))
        }
        // Each LF becomes CR LF as it is copied: no second encoding for the few CRLF clients.
        var written = 0
        var rest = line.bytes
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

/// A set of loop slots, as bits: no allocation per delivered line.
struct LoopSet {
    private var low: UInt64 = 0
    /// Slots past 63 (more event loops than most machines have cores).
    private var high: Set<Int> = []

    mutating func insert(_ slot: Int) {
        if slot < 64 {
            self.low |= 1 << UInt64(slot)
        } else {
            self.high.insert(slot)
        }
    }

    /// The slots, ascending.
    func members() -> [Int] {
        var slots: [Int] = []
        var bits = self.low
        while bits != 0 {
            let slot = bits.trailingZeroBitCount
            slots.append(slot)
            bits &= bits - 1
        }
        return slots + self.high.sorted()
    }
}

/// Whether papod can send batches through io_uring here (the kernel has it, and neither its
/// `kernel.io_uring_disabled` setting nor a sandbox refuses it); without it, one `send` each.
public enum SendBatching {
    public static let isAvailable: Bool = {
        guard let ring = papo_send_ring_create(LoopOutbox.sendRingEntries) else { return false }
        papo_send_ring_destroy(ring)
        return true
    }()
}
