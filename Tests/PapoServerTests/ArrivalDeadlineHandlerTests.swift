import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOEmbedded
import NIOTLS
import Testing

@testable import PapoServer

/// Deadlines before the chat, on the server's clock: the tick closes a connection still
/// shaking hands, or an HTTP connection silent for too long, when its deadline has passed,
/// and no other.
@Suite("Arrival deadlines")
struct ArrivalDeadlineHandlerTests {
    let uptime = NIOLockedValueBox<TimeInterval>(100)
    let server: ChatServer

    init() {
        var configuration = ServerConfiguration()
        configuration.uptime = { [uptime] in uptime.withLockedValue { $0 } }
        self.server = ChatServer(
            configuration: configuration, logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))
    }

    /// A connected channel with the handler watching a 2 s deadline.
    func connectedChannel(_ rule: ArrivalDeadlineHandler.Rule = .handshake) throws -> EmbeddedChannel {
        let channel = EmbeddedChannel()
        try channel.pipeline.syncOperations.addHandler(ArrivalDeadlineHandler(server: self.server, rule: rule, deadline: 2))
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 40_000)).wait()
        return channel
    }

    /// Moves the clock, ticks, and runs what the tick queued on `channel`'s loop.
    func advance(by seconds: TimeInterval, _ channel: EmbeddedChannel) {
        self.uptime.withLockedValue { $0 += seconds }
        self.server.tick()
        channel.embeddedEventLoop.run()
    }

    @Test("a handshake not finished within the deadline is closed at it, not before")
    func unfinishedHandshakeIsClosed() throws {
        let channel = try self.connectedChannel()
        self.advance(by: 1.9, channel)
        #expect(channel.isActive)
        self.advance(by: 0.1, channel)
        #expect(!channel.isActive)
    }

    @Test("a finished handshake is no longer watched, and the handler leaves the pipeline")
    func finishedHandshakeIsKept() throws {
        let channel = try self.connectedChannel()
        channel.pipeline.fireUserInboundEventTriggered(TLSUserEvent.handshakeCompleted(negotiatedProtocol: nil))
        self.advance(by: 10, channel)
        #expect(channel.isActive)
        #expect(throws: (any Error).self) {
            try channel.pipeline.syncOperations.handler(type: ArrivalDeadlineHandler.self)
        }
        _ = try channel.finish()
    }

    @Test("a silent connection is closed 2 s after its last read; each read starts the deadline again")
    func silenceCountsFromTheLastRead() throws {
        let channel = try self.connectedChannel(.silence)
        self.advance(by: 1.5, channel)
        try channel.writeInbound(ByteBuffer(string: "GET / HTTP/1.1\r\n"))
        self.advance(by: 1.5, channel)
        #expect(channel.isActive, "1.5 s after the last read")
        channel.pipeline.fireUserInboundEventTriggered(TLSUserEvent.handshakeCompleted(negotiatedProtocol: nil))
        #expect(throws: Never.self) { try channel.pipeline.syncOperations.handler(type: ArrivalDeadlineHandler.self) }
        self.advance(by: 0.5, channel)
        #expect(!channel.isActive)
    }
}
