import NIOCore
import NIOConcurrencyHelpers

/// Lines waiting to be written on one event loop.
///
/// The chat state enqueues here while it holds its lock, so each connection sees lines in
/// state order. One `execute` hops to the loop per batch, not one per line; there every
/// pending line is written without a promise and each channel is flushed once, so a burst
/// leaves in few `writev` calls.
final class LoopOutbox: Sendable {
    enum Item {
        case write(any Channel, ByteBuffer)
        /// Close once everything written before has gone out.
        case close(any Channel)
    }

    let eventLoop: any EventLoop
    private let pending = NIOLockedValueBox<[Item]>([])

    init(eventLoop: any EventLoop) {
        self.eventLoop = eventLoop
    }

    func enqueue(_ item: Item) {
        let isFirst = self.pending.withLockedValue { items in
            items.append(item)
            return items.count == 1
        }
        if isFirst {
            self.eventLoop.execute { self.drain() }
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

    private func drain() {
        let items = self.pending.withLockedValue { items in
            defer { items.removeAll(keepingCapacity: true) }
            return items
        }
        var touched: [ObjectIdentifier: any Channel] = [:]
        // A channel to close goes after its last line in this batch: that write gets a promise.
        var closing: [ObjectIdentifier: Int] = [:]
        for (index, item) in items.enumerated() {
            if case .close(let channel) = item { closing[ObjectIdentifier(channel)] = index }
        }
        var lastWrite: [ObjectIdentifier: Int] = [:]
        if !closing.isEmpty {
            for (index, item) in items.enumerated() {
                if case .write(let channel, _) = item, let closeIndex = closing[ObjectIdentifier(channel)], index < closeIndex {
                    lastWrite[ObjectIdentifier(channel)] = index
                }
            }
        }
        for (index, item) in items.enumerated() {
            switch item {
            case .write(let channel, let buffer):
                let key = ObjectIdentifier(channel)
                if lastWrite[key] == index {
                    let written = channel.eventLoop.makePromise(of: Void.self)
                    written.futureResult.whenComplete { _ in Self.closeAfterWriting(channel) }
                    channel.write(buffer, promise: written)
                } else {
                    channel.write(buffer, promise: nil)
                }
                touched[key] = channel
            case .close(let channel):
                if lastWrite[ObjectIdentifier(channel)] == nil {
                    // Nothing to say first in this batch: close now (after a flush of what is queued).
                    channel.flush()
                    Self.closeAfterWriting(channel)
                }
            }
        }
        for channel in touched.values {
            channel.flush()
        }
    }
}
