import NIOCore
import Synchronization

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
    private let pending = Mutex<[Item]>([])

    init(eventLoop: any EventLoop) {
        self.eventLoop = eventLoop
    }

    func enqueue(_ item: Item) {
        let isFirst = self.pending.withLock { items in
            items.append(item)
            return items.count == 1
        }
        if isFirst {
            self.eventLoop.execute { self.drain() }
        }
    }

    private func drain() {
        let items = self.pending.withLock { items in
            defer { items.removeAll(keepingCapacity: true) }
            return items
        }
        var touched: [ObjectIdentifier: any Channel] = [:]
        for item in items {
            switch item {
            case .write(let channel, let buffer):
                channel.write(buffer, promise: nil)
                touched[ObjectIdentifier(channel)] = channel
            case .close(let channel):
                touched[ObjectIdentifier(channel)] = nil
                // The empty write completes after every earlier write, so the goodbye is sent.
                channel.writeAndFlush(ByteBuffer()).whenComplete { _ in
                    channel.close(promise: nil)
                }
            }
        }
        for channel in touched.values {
            channel.flush()
        }
    }
}
