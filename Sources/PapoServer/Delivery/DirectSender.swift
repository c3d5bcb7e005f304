import CSendBatch
import NIOCore
import PapoCore
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// The one way around a channel's pipeline, and it is opt-in (`--direct-send`, off by
/// default): a drain's batches for plaintext assignment-door connections go straight to their
/// sockets, all of them in one io_uring system call where the kernel has io_uring (else one
/// `send` each). TLS connections, and every door whose handlers write for themselves, always
/// go through the pipeline.
///
/// Why it exists: each `write` from the loop wakes the client that reads it, and where that
/// reader shares the loop's core the kernel switches to it as the call returns, and back, once
/// per recipient. One `io_uring_enter` carrying a drain's sends returns once, so the readers
/// wake after all of them; and NIO's per-write work (two fifths of the loop's user time in
/// the rooms benchmark) is not done. It is benchmark tuning (see README, Performance), not the way papod
/// writes by default: it skips whatever a pipeline would add.
///
/// The rules that keep it correct, all here:
/// - A connection's socket descriptor is read once, through NIO's scoped accessor, when the
///   connection joins its loop, and kept in this sender's table until the connection's channel
///   is inactive. NIO closes a socket and reports its channel inactive in one step on the loop,
///   and the handler has the entry dropped (`forget`) in that step; drains run as tasks of
///   their own on the same loop. So a descriptor in the table is the connection's own, never a
///   later connection's that reused the number.
/// - Bytes go direct only while NIO holds nothing unwritten for the channel: what a full socket
///   does not take goes through the pipeline, and so does everything after it until NIO has
///   written it all, so that no line overtakes another.
/// - A socket error is left to NIO: the rest goes through the pipeline, whose write meets the
///   error and closes the channel as for any connection.
final class DirectSender {
    /// A connection whose batches may go direct.
    struct Socket {
        let descriptor: CInt
        /// NIO held bytes at the last look: the pipeline until it has written them.
        var isBehindChannel = false
    }

    /// One drain's batch for one connection.
    struct Batch {
        let id: ClientID
        var bytes: ByteBuffer
    }

    /// Sends per system call at most (a drain with more makes several).
    static let ringEntries: UInt32 = 512

    private enum RingState {
        case notYetMade
        case ready(OpaquePointer)
        /// The system has no io_uring for papod, or it failed: one `send` per connection.
        case unavailable
    }

    private let counters: ServerCounters
    private var ring = RingState.notYetMade
    /// This loop's connections that may go direct (plaintext assignment-door ones).
    private var sockets: [ClientID: Socket] = [:]
    /// A drain's sends, held (so their bytes stay alive and unchanged) until the kernel is done.
    private var pending: [Batch] = []
    private var requests: [papo_send] = []

    init(counters: ServerCounters) {
        self.counters = counters
    }

    deinit {
        if case .ready(let ring) = self.ring {
            papo_send_ring_destroy(ring)
        }
    }

    /// A connection whose batches may go direct joins (on its loop, as it joins the loop's
    /// writer). Its socket is read now: the scoped accessor is too slow for every batch.
    func open(_ id: ClientID, context: ChannelHandlerContext) {
        let descriptor = try? context.pipeline.syncOperations.withUnsafeTransportIfAvailable(
            of: NIOBSDSocket.Handle.self
        ) { $0 }
        guard let descriptor else { return }
        self.sockets[id] = Socket(descriptor: descriptor)
    }

    /// The connection's channel is inactive (its socket closed): never send to that number again.
    func forget(_ id: ClientID) {
        self.sockets[id] = nil
    }

    /// Queues a batch for `send()` if it may go direct now; false if it is for the pipeline.
    /// The context is asked for only when NIO held bytes at the last look: touching it, a cold
    /// object, for every batch was the drain's largest cost.
    func add(_ batch: Batch, context: () -> ChannelHandlerContext) -> Bool {
        guard let index = self.sockets.index(forKey: batch.id) else { return false }
        if self.sockets.values[index].isBehindChannel {
            // NIO writes what it holds in order; once it holds nothing, the socket is ours again.
            guard (try? context().channel.syncOptions?.getOption(.bufferedWritableBytes)) == 0 else {
                return false
            }
            self.sockets.values[index].isBehindChannel = false
        }
        // The address stays valid past the closure: `pending` holds the buffer, unchanged,
        // until the kernel has sent it.
        let address = batch.bytes.withUnsafeReadableBytes { $0.baseAddress }
        self.pending.append(batch)
        self.requests.append(
            papo_send(
                // Past 4 GiB the send is cut short, and the rest goes the way of a partial send.
                bytes: address, length: UInt32(clamping: batch.bytes.readableBytes),
                fd: self.sockets.values[index].descriptor, result: PAPO_SEND_NOT_DONE))
        return true
    }

    /// Sends what `add` queued; returns the remainders of the batches that did not go whole,
    /// for the pipeline (their connections queue behind them from now on).
    func send() -> [Batch] {
        guard !self.pending.isEmpty else { return [] }
        defer {
            self.pending.removeAll(keepingCapacity: true)
            self.requests.removeAll(keepingCapacity: true)
        }
        if self.pending.count > 1, let ring = self.readyRing() {
            let status = self.requests.withUnsafeMutableBufferPointer { requests in
                papo_send_ring_send(ring, requests.baseAddress, requests.count)
            }
            self.counters.sendBatches.add(
                (self.requests.count + Int(Self.ringEntries) - 1) / Int(Self.ringEntries), ordering: .relaxed)
            if status < 0 {
                // The ring itself failed (not a socket): one `send` per connection from now on.
                papo_send_ring_destroy(ring)
                self.ring = .unavailable
            }
        }
        var rest: [Batch] = []
        var sentWhole = 0
        for position in self.pending.indices {
            var result = Int(self.requests[position].result)
            if result == Int(PAPO_SEND_NOT_DONE) {
                result = Self.sendNow(self.pending[position].bytes, to: self.requests[position].fd)
            }
            let batch = self.pending[position]
            if result == batch.bytes.readableBytes {
                sentWhole += 1
                continue
            }
            var remainder = batch
            if result > 0 { remainder.bytes.moveReaderIndex(forwardBy: result) }
            self.sockets[batch.id]?.isBehindChannel = true
            rest.append(remainder)
        }
        if sentWhole > 0 {
            self.counters.directWrites.add(sentWhole, ordering: .relaxed)
        }
        return rest
    }

    /// One non-blocking `send`, without SIGPIPE: the bytes sent, or -1.
    private static func sendNow(_ bytes: ByteBuffer, to descriptor: CInt) -> Int {
        bytes.withUnsafeReadableBytes { raw in
            #if canImport(Glibc)
            Glibc.send(descriptor, raw.baseAddress, raw.count, CInt(MSG_NOSIGNAL | MSG_DONTWAIT))
            #else
            -1
            #endif
        }
    }

    /// Makes the loop's ring now (on the loop's thread), not at the first batch.
    func prepare() {
        _ = self.readyRing()
    }

    /// The loop's ring, made at its first use on the loop's thread (io_uring binds it there).
    private func readyRing() -> OpaquePointer? {
        switch self.ring {
        case .ready(let ring):
            return ring
        case .unavailable:
            return nil
        case .notYetMade:
            guard let ring = papo_send_ring_create(Self.ringEntries) else {
                self.ring = .unavailable
                return nil
            }
            self.ring = .ready(ring)
            return ring
        }
    }

    /// Whether this system gives papod an io_uring for batched sends (else one `send` each).
    static let systemHasRing: Bool = {
        guard let ring = papo_send_ring_create(8) else { return false }
        papo_send_ring_destroy(ring)
        return true
    }()
}

@available(*, unavailable)
extension DirectSender: Sendable {}
