import NIOConcurrencyHelpers
import NIOCore
import PapoCore

/// What the chat decided for one event loop's connections, in the state's order.
///
/// The chat lock is held for one append per line and loop, however many recipients the line
/// has; the first append after a drain asks the caller to schedule the next one, so a burst of
/// decisions costs one `execute` per loop, not one hop per recipient.
final class LoopInbox: Sendable {
    enum Item {
        /// A line for those of `recipients` that live on this loop.
        case deliver(EncodedLine, to: [ClientID])
        /// Close after everything queued before (the connection has left the chat); going away:
        /// the server is shutting down.
        case close(ClientID, isGoingAway: Bool)
        /// A connection never admitted: one line, then the close; written from its handler's
        /// context, on its loop, as every line is.
        case refuse(NIOLoopBound<ChannelHandlerContext>, EncodedLine, Wire)
    }

    private struct Queue {
        var items: [Item] = []
        var isDrainScheduled = false
    }

    let eventLoop: any EventLoop
    /// The loop's side, which only the loop touches.
    let writer: LoopWriter
    /// The loop's connections not yet in the chat that have a deadline; only the loop touches it.
    let arrivals: ArrivalDeadlines
    private let queue = NIOLockedValueBox(Queue())

    init(eventLoop: any EventLoop, counters: ServerCounters, directSend: Bool = false) {
        self.eventLoop = eventLoop
        self.writer = LoopWriter(eventLoop: eventLoop, counters: counters, directSend: directSend)
        self.arrivals = ArrivalDeadlines(eventLoop: eventLoop)
    }

    /// Queues an item; returns whether the caller must schedule a drain (`drainSoon`) once it
    /// has released the chat lock.
    func enqueue(_ item: Item) -> Bool {
        self.queue.withLockedValue { queue in
            queue.items.append(item)
            if queue.isDrainScheduled { return false }
            queue.isDrainScheduled = true
            return true
        }
    }

    func drainSoon() {
        self.eventLoop.execute { self.drain() }
    }

    /// On the loop: takes everything queued in one short critical section and writes it out.
    func drain() {
        let items = self.queue.withLockedValue { queue in
            queue.isDrainScheduled = false
            defer { queue.items.removeAll(keepingCapacity: true) }
            return queue.items
        }
        self.writer.write(items)
    }
}
