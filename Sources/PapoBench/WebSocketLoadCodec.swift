import NIOCore
import PapoBenchCore

/// A load client's WebSocket: sends the upgrade request, holds `channelActive` back until the
/// server's `101`, then hands the handler behind it each text frame's payload as a line. What
/// the handler writes is already framed (`WebSocketFraming`) and passes through.
final class WebSocketLoadCodec: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let host: String
    private var isUpgraded = false
    private var pending = ByteBuffer()
    private var lines: [UInt8] = []

    init(host: String) {
        self.host = host
    }

    func channelActive(context: ChannelHandlerContext) {
        let request =
            "GET /ws HTTP/1.1\r\nHost: \(self.host)\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: cGFwby1iZW5jaC1rZXkhIQ==\r\n\r\n"
        context.writeAndFlush(Self.wrapOutboundOut(ByteBuffer(string: request)), promise: nil)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var incoming = Self.unwrapInboundIn(data)
        if self.pending.readableBytes == 0 && self.isUpgraded {
            self.deliver(&incoming, context: context)
            return
        }
        self.pending.writeBuffer(&incoming)
        if !self.isUpgraded {
            let view = self.pending.readableBytesView
            guard let end = view.firstRange(of: [13, 10, 13, 10]) else { return }
            guard view.starts(with: Array("HTTP/1.1 101".utf8)) else {
                context.close(promise: nil)
                return
            }
            self.pending.moveReaderIndex(to: end.upperBound)
            self.isUpgraded = true
            context.fireChannelActive()
        }
        var buffered = self.pending
        self.pending.clear()
        self.deliver(&buffered, context: context)
    }

    /// Passes on the whole frames' text as lines and keeps a partial frame for the next read.
    private func deliver(_ bytes: inout ByteBuffer, context: ChannelHandlerContext) {
        self.lines.removeAll(keepingCapacity: true)
        let used = bytes.withUnsafeReadableBytes { WebSocketFraming.extractText(from: $0, into: &self.lines) }
        bytes.moveReaderIndex(forwardBy: used)
        if bytes.readableBytes > 0 {
            self.pending.writeBuffer(&bytes)
        }
        if !self.lines.isEmpty {
            var out = context.channel.allocator.buffer(capacity: self.lines.count)
            out.writeBytes(self.lines)
            context.fireChannelRead(Self.wrapInboundOut(out))
        }
    }
}

@available(*, unavailable)
extension WebSocketLoadCodec: Sendable {}
