import NIOCore
import Synchronization

/// Counts the bytes each connection sends us, for `stats`, before any decoding.
final class ByteCountingHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    private let counters: ServerCounters

    init(counters: ServerCounters) {
        self.counters = counters
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        self.counters.bytesIn.add(Self.unwrapInboundIn(data).readableBytes, ordering: .relaxed)
        context.fireChannelRead(data)
    }
}

@available(*, unavailable)
extension ByteCountingHandler: Sendable {}
