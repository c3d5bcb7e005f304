import NIOCore
import NIOWebSocket
import PapoCore
import Synchronization

/// One event loop's connections and the one path by which chat lines reach them.
///
/// A drain groups its connections by the lines each is sent (`BatchGroups`), joins each group's
/// lines once per wire (each line encoded once, shared by every recipient of the same encoding)
/// and then writes each connection's whole batch as one buffer through its channel pipeline,
/// with one flush: TLS, and any encoder a door adds, sit in that pipeline. Only the loop
/// touches this object, so no lock guards it.
final class LoopWriter: @unchecked Sendable {
    /// A connection as its loop sees it.
    struct LocalConnection {
        /// The connection handler's context: writes start there and go out through every
        /// outbound handler in front of it (TLS), without walking in from the channel's tail.
        let context: ChannelHandlerContext
        var output = PendingOutput()
        /// Its group in the drain under way (`BatchGroups`); empty between drains.
        var group = BatchGroups.empty
    }

    let eventLoop: any EventLoop
    private let counters: ServerCounters
    // Touched only on `eventLoop` (hence `@unchecked Sendable`), never across a call that
    // could come back here: the runtime's per-access exclusivity check, which cost a quarter
    // of the drain, is turned off for them.
    @exclusivity(unchecked) private var connections: [ClientID: LocalConnection] = [:]
    @exclusivity(unchecked) private var ready: [ClientID] = []
    /// Connections whose output keeps a spare buffer (see `PendingOutput`).
    @exclusivity(unchecked) private var spareHolders: [ClientID] = []
    @exclusivity(unchecked) private var groups = BatchGroups()
    /// The connections given a group in the drain under way.
    @exclusivity(unchecked) private var grouped: [ClientID] = []
    /// The drain's runs joined so far, by run and wire (`key`).
    @exclusivity(unchecked) private var joinedRuns: [Int: (bytes: ByteBuffer, lines: Int)] = [:]
    /// The buffer pages of the connections that come through TLS, released while they are
    /// quiet: apart from the table, which every connection's entry would otherwise widen.
    @exclusivity(unchecked) private var quietPages: [ClientID: QuietPages] = [:]
    /// How many watch for silent peers (the liveness check visits them only if any do).
    @exclusivity(unchecked) private var livenessCount = 0

    /// The opt-in bypass of the pipeline for plaintext connections (`--direct-send`); nil by default.
    private let directSender: DirectSender?

    init(eventLoop: any EventLoop, counters: ServerCounters, directSend: Bool = false) {
        self.eventLoop = eventLoop
        self.counters = counters
        self.directSender = directSend ? DirectSender(counters: counters) : nil
    }

    /// Makes what direct sends need before the first batch (on the loop).
    func prepareDirectSends() {
        self.eventLoop.assertInEventLoop()
        self.directSender?.prepare()
    }

    /// A connection of this loop joins (on the loop, before anything is queued for it).
    /// `mayGoDirect`: its door lets its batches go around the pipeline when `--direct-send`
    /// is on (plaintext, and no handler of the door writes for itself).
    func open(
        _ id: ClientID, context: ChannelHandlerContext, quietPages: QuietPages? = nil, wire: Wire = .text,
        mayGoDirect: Bool = false
    ) {
        self.eventLoop.assertInEventLoop()
        var connection = LocalConnection(context: context)
        connection.output.wire = wire
        if mayGoDirect { self.directSender?.open(id, context: context) }
        self.connections[id] = connection
        if let quietPages { self.quietPages[id] = quietPages }
        if wire.isIRC { self.livenessCount += 1 }
    }

    /// The connection's channel is gone: nothing more is written to it.
    func forget(_ id: ClientID) {
        self.eventLoop.assertInEventLoop()
        self.remove(id)
    }

    @discardableResult
    private func remove(_ id: ClientID) -> LocalConnection? {
        let connection = self.connections.removeValue(forKey: id)
        if !self.quietPages.isEmpty { self.quietPages[id] = nil }
        self.directSender?.forget(id)
        if connection?.output.wire.isIRC == true { self.livenessCount -= 1 }
        return connection
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

    /// What a drain sent, for the server's counters.
    private struct Tally {
        var bytes = 0
        var deliveries = 0
    }

    /// Writes a drain's items: each connection's batch in one write and one flush.
    func write(_ items: [LoopInbox.Item]) {
        self.eventLoop.assertInEventLoop()
        var tally = Tally()
        var closing: [(ChannelHandlerContext, ByteBuffer?, Wire, isGoingAway: Bool)] = []
        var position = items.startIndex
        while position < items.endIndex {
            defer { position += 1 }
            switch items[position] {
            case .deliver(let line, let recipients):
                // Consecutive lines to the same recipients (one sender's burst, in a room
                // nobody joined or left meanwhile) move each recipient once.
                if !self.groups.hasRoom(for: recipients.count) {
                    self.settleGroups(&tally)
                }
                self.groups.beginRun()
                self.groups.append(line)
                while position + 1 < items.endIndex, case .deliver(let next, let nextRecipients) = items[position + 1],
                    nextRecipients == recipients
                {
                    self.groups.append(next)
                    position += 1
                }
                let run = self.groups.endRun()
                for id in recipients {
                    guard let index = self.connections.index(forKey: id) else { continue }
                    let group = self.connections.values[index].group
                    if group == BatchGroups.empty { self.grouped.append(id) }
                    self.connections.values[index].group = self.groups.moving(from: group, with: run)
                }
            case .close(let id, let isGoingAway):
                self.settleAlone(id, &tally)
                guard var connection = self.remove(id) else { continue }
                closing.append((connection.context, connection.output.take(), connection.output.wire, isGoingAway))
            case .refuse(let context, let line, let wire):
                var output = PendingOutput()
                output.wire = wire
                tally.bytes += output.append(line).bytes
                closing.append((context.value, output.take(), wire, false))
            }
        }
        self.settleGroups(&tally)
        // Batches are taken in one pass and written in a second: a write can fail and close
        // its channel at once, and the close reaches `forget`, which must not change the table
        // under a live index.
        var writes: [(ChannelHandlerContext, ByteBuffer)] = []
        writes.reserveCapacity(self.ready.count)
        for id in self.ready {
            guard let index = self.connections.index(forKey: id),
                let bytes = self.connections.values[index].output.take()
            else { continue }
            if self.connections.values[index].output.listSpare() {
                self.spareHolders.append(id)
            }
            if !self.quietPages.isEmpty { self.quietPages[id]?.noteActivity() }
            if let directSender = self.directSender,
                directSender.add(DirectSender.Batch(id: id, bytes: bytes), context: { self.connections.values[index].context })
            {
                continue
            }
            writes.append((self.connections.values[index].context, bytes))
        }
        self.ready.removeAll(keepingCapacity: true)
        if let directSender = self.directSender {
            // Sent before anything goes through a pipeline: a send calls nothing back, while a
            // channel write can fail and close its channel, which reaches `forget`.
            for remainder in directSender.send() {
                guard let context = self.connections[remainder.id]?.context else { continue }
                writes.append((context, remainder.bytes))
            }
        }
        for (context, bytes) in writes {
            // One call into the next outbound handler for both (NIO's writeAndFlush), not two.
            context.writeAndFlush(NIOAny(bytes), promise: nil)
        }
        if !writes.isEmpty {
            self.counters.writes.add(writes.count, ordering: .relaxed)
        }
        for (context, lastBytes, wire, isGoingAway) in closing {
            Self.close(context, after: Self.ending(lastBytes, wire: wire, isGoingAway: isGoingAway))
        }
        if tally.bytes > 0 {
            self.counters.bytesOut.add(tally.bytes, ordering: .relaxed)
            self.counters.deliveries.add(tally.deliveries, ordering: .relaxed)
        }
    }

    /// Puts each grouped connection's lines in its pending output: a group of several shares
    /// one buffer per wire, joined once; a connection alone in its group has its lines copied
    /// into its own buffer (which a busy connection keeps from batch to batch), a run at a time.
    private func settleGroups(_ tally: inout Tally) {
        guard !self.grouped.isEmpty else { return }
        var batches: [Int: (bytes: ByteBuffer, lines: Int)] = [:]
        for id in self.grouped {
            guard let index = self.connections.index(forKey: id) else { continue }
            let group = self.connections.values[index].group
            guard group != BatchGroups.empty else { continue }
            self.connections.values[index].group = BatchGroups.empty
            let wire = self.connections.values[index].output.wire
            let batch: (bytes: ByteBuffer, lines: Int)
            if self.groups.memberCount(of: group) == 1 {
                self.appendRuns(of: group, to: id, at: index, &tally)
                continue
            } else if let joined = batches[Self.key(group, wire)] {
                batch = joined
            } else {
                batch = self.joined(self.groups.runs(of: group), for: wire)
                batches[Self.key(group, wire)] = batch
            }
            let (becameReady, written) = self.connections.values[index].output.append(batch.bytes, isWholeBatch: true)
            tally.bytes += written
            if written > 0 { tally.deliveries += batch.lines }
            if becameReady { self.ready.append(id) }
        }
        self.grouped.removeAll(keepingCapacity: true)
        self.groups.reset()
        self.joinedRuns.removeAll(keepingCapacity: true)
    }

    /// A cache key for a group or a run, and a wire.
    private static func key(_ number: some BinaryInteger, _ wire: Wire) -> Int {
        Int(number) << 3 | Int(wire.rawValue)
    }

    /// Puts one connection's lines so far in its pending output (it is about to close).
    private func settleAlone(_ id: ClientID, _ tally: inout Tally) {
        guard let index = self.connections.index(forKey: id) else { return }
        let group = self.connections.values[index].group
        guard group != BatchGroups.empty else { return }
        self.connections.values[index].group = BatchGroups.empty
        self.groups.leave(group)
        self.appendRuns(of: group, to: id, at: index, &tally)
    }

    /// Copies the runs of `group` into one connection's pending output, each run's lines
    /// joined once per wire for every connection that takes them so (a room's senders, each
    /// sent everyone's lines but its own).
    private func appendRuns(
        of group: UInt16, to id: ClientID, at index: Dictionary<ClientID, LocalConnection>.Index, _ tally: inout Tally
    ) {
        let wire = self.connections.values[index].output.wire
        for run in self.groups.runs(of: group) {
            let batch: (bytes: ByteBuffer, lines: Int)
            if let joined = self.joinedRuns[Self.key(run, wire)] {
                batch = joined
            } else {
                batch = self.joined([run], for: wire)
                self.joinedRuns[Self.key(run, wire)] = batch
            }
            let (becameReady, written) = self.connections.values[index].output.append(batch.bytes, isWholeBatch: false)
            tally.bytes += written
            if written > 0 { tally.deliveries += batch.lines }
            if becameReady { self.ready.append(id) }
        }
    }

    /// The lines of `runs` as one buffer in `wire`'s encoding, and how many lines it holds; a
    /// single line's own bytes are not copied.
    private func joined(_ runs: [Int], for wire: Wire) -> (bytes: ByteBuffer, lines: Int) {
        let lines = self.groups.lines
        if runs.count == 1, case let only = self.groups.lines(ofRun: runs[0]), only.count == 1 {
            return (lines[only.lowerBound].bytes(for: wire), lines[only.lowerBound].lineCount(for: wire))
        }
        var size = 0
        var count = 0
        for run in runs {
            for line in self.groups.lines(ofRun: run) {
                size += lines[line].bytes(for: wire).readableBytes
                count += lines[line].lineCount(for: wire)
            }
        }
        var bytes = Self.allocator.buffer(capacity: size)
        for run in runs {
            for line in self.groups.lines(ofRun: run) {
                bytes.writeImmutableBuffer(lines[line].bytes(for: wire))
            }
        }
        return (bytes, count)
    }

    /// The tick (once a second): gives back what quiet connections hold.
    func releaseIdleMemory() {
        self.releaseIdleSpares()
        self.releaseQuietPages()
    }

    /// Asks the connections whose door watches for silent peers (IRC's PING) to look, at
    /// `now` (seconds of uptime).
    func checkLiveness(now: UInt32) {
        self.eventLoop.assertInEventLoop()
        guard self.livenessCount > 0 else { return }
        var watched: [(any LivenessWatching, ChannelHandlerContext)] = []
        for connection in self.connections.values {
            guard connection.output.wire.isIRC,
                let handler = connection.context.handler as? any LivenessWatching
            else { continue }
            watched.append((handler, connection.context))
        }
        // Outside the walk: a check may close its channel, which reaches `forget`.
        for (handler, context) in watched {
            handler.checkLiveness(context: context, now: now)
        }
    }

    /// Drops the spare buffers that went unused since the last call. Only connections that
    /// kept one are visited: a whole-table walk would cost idle servers.
    func releaseIdleSpares() {
        self.eventLoop.assertInEventLoop()
        self.spareHolders.removeAll { id in
            guard let index = self.connections.index(forKey: id) else { return true }
            return !self.connections.values[index].output.releaseIdleSpare()
        }
    }

    /// Releases the buffer pages of TLS connections quiet since the last call with nothing
    /// left to send (NIO holds no record of theirs), so that no unsent byte is lost.
    func releaseQuietPages() {
        self.eventLoop.assertInEventLoop()
        guard !self.quietPages.isEmpty else { return }
        var releases = 0
        for (id, pages) in self.quietPages {
            guard let connection = self.connections[id] else { continue }
            let didRelease = pages.releaseIfQuiet {
                let queued = try? connection.context.channel.syncOptions?.getOption(.bufferedWritableBytes)
                return queued == 0 && !connection.output.hasPending
            }
            if didRelease { releases += 1 }
        }
        if releases > 0 {
            self.counters.quietPageReleases.add(releases, ordering: .relaxed)
        }
    }

    /// A connection's last bytes: on a WebSocket, followed by the close frame that says whether
    /// the server is going away (the page reconnects) or ended this session (it does not); on
    /// IRC, by the `ERROR` that clients show as the end of the link.
    private static func ending(_ lastBytes: ByteBuffer?, wire: Wire, isGoingAway: Bool) -> ByteBuffer? {
        let close: ByteBuffer
        switch wire {
        case .text:
            return lastBytes
        case .webSocket:
            close = WebSocketFrameBytes.close(
                isGoingAway ? .goingAway : .normalClosure, reason: isGoingAway ? "server shutting down" : "",
                allocator: Self.allocator)
        case .irc, .ircTagged, .ircMessageTags:
            let error = IRCMessage(command: "ERROR", parameters: [isGoingAway ? "Closing link: server shutting down" : "Closing link"])
            close = Self.allocator.buffer(string: error.serialized + "\r\n")
        }
        guard var bytes = lastBytes else { return close }
        bytes.writeImmutableBuffer(close)
        return bytes
    }

    private static let allocator = ByteBufferAllocator()

    /// Writes `lastBytes` (if any) from the connection's context, as every line, and then closes.
    private static func close(_ context: ChannelHandlerContext, after lastBytes: ByteBuffer?) {
        let channel = context.channel
        if let lastBytes {
            let written = channel.eventLoop.makePromise(of: Void.self)
            written.futureResult.whenComplete { _ in Self.closeAfterWriting(channel) }
            context.writeAndFlush(NIOAny(lastBytes), promise: written)
        } else {
            // Nothing left to say: close now (after a flush of what NIO still holds).
            channel.flush()
            Self.closeAfterWriting(channel)
        }
    }

    /// Ends our side first, so the last line is followed by a FIN: closing outright with the
    /// client's unread bytes still arriving would send a reset, which can destroy that line
    /// before the client reads it. The client's close (or a few seconds) ends the rest. A TLS
    /// channel cannot half-close: it sends its close_notify and closes.
    static func closeAfterWriting(_ channel: any Channel) {
        channel.close(mode: .output).whenFailure { _ in
            channel.close(promise: nil)
        }
        channel.eventLoop.scheduleTask(in: .seconds(5)) {
            channel.close(promise: nil)
        }
    }
}

@available(*, unavailable)
extension LoopWriter.LocalConnection: Sendable {}

/// A connection handler that closes peers gone silent (IRC's PING and its timeout), asked
/// by its loop's writer on the server's tick rather than with a timer per connection.
protocol LivenessWatching: AnyObject {
    func checkLiveness(context: ChannelHandlerContext, now: UInt32)
}
