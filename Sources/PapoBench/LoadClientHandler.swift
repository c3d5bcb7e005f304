import NIOCore
import PapoBenchCore

/// One client's connection: sends its set-up lines, notices its join, and hands every token it
/// receives to the run's ledger with the time of the read that brought it.
final class LoadClientHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let run: LoadRun
    private let client: Int
    private let setupFrames: [UInt8]
    private var receiver: ReceiverState

    init(run: LoadRun, client: Int, room: Int, wire: LoadWire) {
        self.run = run
        self.client = client
        var frames: [UInt8] = []
        for line in SetupScript.lines(client: client, room: room) {
            wire.appendSetupLine(line, to: &frames)
        }
        self.setupFrames = frames
        self.receiver = ReceiverState(client: client, room: room, wire: wire)
    }

    func channelActive(context: ChannelHandlerContext) {
        var buffer = context.channel.allocator.buffer(capacity: self.setupFrames.count)
        buffer.writeBytes(self.setupFrames)
        context.writeAndFlush(self.wrapOutboundOut(buffer), promise: nil)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let buffer = self.unwrapInboundIn(data)
        let now = MonotonicClock.now
        let hasJoined = buffer.withUnsafeReadableBytes { bytes in
            self.run.ledger.receive(bytes, for: &self.receiver, at: now)
        }
        if hasJoined {
            self.run.joined(self.client, channel: context.channel)
        }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        self.run.readCompleted()
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable {
            self.run.becameWritable()
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        self.run.closed(self.client)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}

@available(*, unavailable)
extension LoadClientHandler: Sendable {}
