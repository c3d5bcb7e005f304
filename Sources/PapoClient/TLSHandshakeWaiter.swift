import NIOCore
import NIOTLS

/// Sits after `NIOSSLClientHandler` and completes a promise when the handshake (and so the
/// certificate check) is over. Until then it keeps the connection's end from the handlers after
/// it: a connection refused during the handshake never became a chat connection, so papo must
/// not see it "lost" and reconnect. A handshake that stalls for `timeout` while nobody is being
/// asked (a plain server on the TLS port says nothing) fails the promise and closes.
final class TLSHandshakeWaiter: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    private let promise: EventLoopPromise<Void>
    private let attempt: TLSAttempt
    private let timeout: TimeAmount
    private var timer: Scheduled<Void>?
    private var isComplete = false

    init(promise: EventLoopPromise<Void>, attempt: TLSAttempt, timeout: TimeAmount) {
        self.promise = promise
        self.attempt = attempt
        self.timeout = timeout
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.scheduleTimeout(context: context)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.fail(ChannelError.ioOnClosedChannel)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case TLSUserEvent.handshakeCompleted = event, !self.isComplete {
            self.isComplete = true
            self.timer?.cancel()
            self.promise.succeed()
        }
        context.fireUserInboundEventTriggered(event)
    }

    func channelInactive(context: ChannelHandlerContext) {
        guard self.isComplete else {
            self.fail(ChannelError.eof)
            return
        }
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard self.isComplete else {
            self.fail(error)
            context.close(promise: nil)
            return
        }
        context.fireErrorCaught(error)
    }

    private func fail(_ error: any Error) {
        guard !self.isComplete else { return }
        self.isComplete = true
        self.timer?.cancel()
        self.promise.fail(error)
    }

    private func scheduleTimeout(context: ChannelHandlerContext) {
        self.timer = context.eventLoop.assumeIsolated().scheduleTask(in: self.timeout) {
            guard !self.isComplete else { return }
            if self.attempt.isAsking {
                self.scheduleTimeout(context: context)
            } else {
                self.fail(TLSHandshakeError(reason: "no answer in \(self.timeout.nanoseconds / 1_000_000_000) s"))
                context.close(promise: nil)
            }
        }
    }
}

@available(*, unavailable)
extension TLSHandshakeWaiter: Sendable {}
