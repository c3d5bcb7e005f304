import Foundation
import NIOCore

/// A connection's handler that must see something happen in time before the chat admits it (a
/// TLS handshake, an IRC registration, an HTTP request): asked on the server's tick.
protocol ArrivalWatching: AnyObject {
    /// Closes the connection if its time is up at `uptime` (the server's `uptime`).
    func checkDeadline(context: ChannelHandlerContext, uptime: TimeInterval)
}

/// One event loop's connections that are not in the chat yet and have a deadline to get
/// there. The server's tick looks at them on their loop with the server's clock, as it does
/// at the registry's deadlines, rather than each arming a timer: one clock governs every
/// deadline, and a test moves it.
///
/// Only the loop touches it (hence `@unchecked Sendable`).
final class ArrivalDeadlines: @unchecked Sendable {
    private let eventLoop: any EventLoop
    private var watched: [ObjectIdentifier: (handler: any ArrivalWatching, context: ChannelHandlerContext)] = [:]

    init(eventLoop: any EventLoop) {
        self.eventLoop = eventLoop
    }

    func watch(_ handler: any ArrivalWatching, context: ChannelHandlerContext) {
        self.eventLoop.assertInEventLoop()
        self.watched[ObjectIdentifier(handler)] = (handler, context)
    }

    /// It got there, or its connection closed.
    func forget(_ handler: any ArrivalWatching) {
        self.eventLoop.assertInEventLoop()
        self.watched[ObjectIdentifier(handler)] = nil
    }

    var count: Int {
        self.eventLoop.assertInEventLoop()
        return self.watched.count
    }

    /// The tick, on the loop.
    func check(uptime: TimeInterval) {
        self.eventLoop.assertInEventLoop()
        guard !self.watched.isEmpty else { return }
        // A copy: a check may close its channel, which reaches `forget`.
        for (handler, context) in Array(self.watched.values) {
            handler.checkDeadline(context: context, uptime: uptime)
        }
    }
}
